namespace GoModules.Toolchains;

/// <summary>A Go toolchain unpacked in the module cache by <see cref="GoToolchainDownloader"/>.</summary>
public sealed class GoToolchainDownload
{
    internal GoToolchainDownload(string toolchain, string goos, string goarch, ModuleVersion module, string goRoot, string goCommand, string sum)
    {
        Toolchain = toolchain;
        Goos = goos;
        Goarch = goarch;
        Module = module;
        GoRoot = goRoot;
        GoCommand = goCommand;
        Sum = sum;
    }

    /// <summary>Gets the toolchain name.</summary>
    /// <value>For example <c>go1.22.0</c>.</value>
    public string Toolchain { get; }

    /// <summary>Gets the operating system the toolchain is for.</summary>
    /// <value>A GOOS value such as <c>linux</c>.</value>
    public string Goos { get; }

    /// <summary>Gets the architecture the toolchain is for.</summary>
    /// <value>A GOARCH value such as <c>amd64</c>.</value>
    public string Goarch { get; }

    /// <summary>Gets the module the toolchain was downloaded as.</summary>
    /// <value><c>golang.org/toolchain@v0.0.1-&lt;toolchain&gt;.&lt;goos&gt;-&lt;goarch&gt;</c>.</value>
    public ModuleVersion Module { get; }

    /// <summary>Gets the toolchain's root directory (its GOROOT): the module's directory in the cache.</summary>
    /// <value>An absolute path.</value>
    public string GoRoot { get; }

    /// <summary>Gets the path of the toolchain's go command.</summary>
    /// <value><c>bin/go</c> (<c>bin\go.exe</c> on Windows) under <see cref="GoRoot"/>.</value>
    public string GoCommand { get; }

    /// <summary>Gets the module zip's hash, as verified with the checksum database.</summary>
    /// <value>An <c>h1:</c> hash.</value>
    public string Sum { get; }
}
