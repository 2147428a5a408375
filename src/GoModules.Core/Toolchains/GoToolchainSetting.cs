using System;
using System.Collections.Generic;
using System.IO;
using GoModules.Kernel;

namespace GoModules.Toolchains;

/// <summary>
/// A parsed GOTOOLCHAIN setting (Go 1.21 and later): <c>auto</c>, <c>path</c>, <c>local</c>, a toolchain name such
/// as <c>go1.22.1</c>, or a name (or <c>local</c>) followed by <c>+auto</c> or <c>+path</c>.
/// </summary>
/// <remarks>
/// The name before the <c>+</c> is the minimum (default) toolchain; <see cref="Mode"/> says whether go.mod and go.work
/// may ask for a newer one. An empty setting (a GOROOT without a GOTOOLCHAIN line in <c>go.env</c>) turns switching
/// off, as <c>local</c> does. See https://go.dev/doc/toolchain#select.
/// </remarks>
public sealed class GoToolchainSetting
{
    /// <summary>The GOTOOLCHAIN variable.</summary>
    public const string VariableName = "GOTOOLCHAIN";

    private GoToolchainSetting(string value, string? minimumToolchain, string minimumVersion, GoToolchainMode mode)
    {
        Value = value;
        MinimumToolchain = minimumToolchain;
        MinimumVersion = minimumVersion;
        Mode = mode;
    }

    /// <summary>Gets the setting as written.</summary>
    /// <value>The text; empty when GOTOOLCHAIN is not set anywhere.</value>
    public string Value { get; }

    /// <summary>Gets the minimum toolchain named by the setting.</summary>
    /// <value>A name such as <c>go1.22.1</c>; null when it is the local toolchain (<c>auto</c>, <c>path</c>,
    /// <c>local</c>, <c>local+auto</c>, <c>local+path</c> or an empty setting).</value>
    public string? MinimumToolchain { get; }

    /// <summary>Gets the Go version of <see cref="MinimumToolchain"/>.</summary>
    /// <value>A version such as <c>1.22.1</c>; empty when <see cref="MinimumToolchain"/> is null.</value>
    public string MinimumVersion { get; }

    /// <summary>Gets whether go.mod and go.work may select a newer toolchain, and where it may come from.</summary>
    /// <value>The mode.</value>
    public GoToolchainMode Mode { get; }

    /// <summary>Parses a GOTOOLCHAIN value with the go command's rules and messages.</summary>
    /// <param name="value">The value; null or empty means unset (no switching).</param>
    /// <returns>The setting.</returns>
    /// <exception cref="InvalidGoToolchainException">The go command rejects the value: <c>invalid GOTOOLCHAIN "…"</c>,
    /// <c>invalid GOTOOLCHAIN "…": invalid minimum toolchain "…"</c> or
    /// <c>invalid GOTOOLCHAIN "…": only version suffixes are +auto and +path</c>.</exception>
    public static GoToolchainSetting Parse(string? value)
    {
        value ??= string.Empty;
        switch (value)
        {
            case "":
                return new GoToolchainSetting(value, null, string.Empty, GoToolchainMode.Fixed);
            case "auto":
                return new GoToolchainSetting(value, null, string.Empty, GoToolchainMode.Auto);
            case "path":
                return new GoToolchainSetting(value, null, string.Empty, GoToolchainMode.Path);
        }

        var plus = value.IndexOf('+', StringComparison.Ordinal);
        var min = plus < 0 ? value : value[..plus];
        var suffix = plus < 0 ? string.Empty : value[(plus + 1)..];
        string? minToolchain = null;
        var minVersion = string.Empty;
        if (min != "local")
        {
            minVersion = GoVersion.FromToolchain(min);
            if (minVersion.Length == 0)
            {
                throw new InvalidGoToolchainException(plus >= 0
                    ? SRFormat.Format(SR.ToolchainInvalidMinimum, GoQuote.Quote(value), GoQuote.Quote(min))
                    : SRFormat.Format(SR.ToolchainInvalidSetting, GoQuote.Quote(value)));
            }

            minToolchain = min;
        }

        if (plus >= 0 && suffix is not "auto" and not "path")
        {
            throw new InvalidGoToolchainException(SRFormat.Format(SR.ToolchainInvalidSuffix, GoQuote.Quote(value)));
        }

        var mode = suffix switch
        {
            "auto" => GoToolchainMode.Auto,
            "path" => GoToolchainMode.Path,
            _ => GoToolchainMode.Fixed,
        };
        return new GoToolchainSetting(value, minToolchain, minVersion, mode);
    }

    /// <summary>
    /// Resolves GOTOOLCHAIN as the go command does, without I/O: a non-empty environment variable wins; then the
    /// user's go env file (what <c>go env -w</c> writes); then <c>$GOROOT/go.env</c> (which sets <c>auto</c> in Go
    /// releases).
    /// </summary>
    /// <param name="variables">The environment variables.</param>
    /// <param name="userEnvFileContent">The text of the user's go env file, or null for none (or GOENV=off).</param>
    /// <param name="goRootEnvFileContent">The text of <c>$GOROOT/go.env</c>, or null for none.</param>
    /// <returns>The value, not yet parsed; empty when set nowhere.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="variables"/> is null.</exception>
    public static string ResolveValue(IReadOnlyDictionary<string, string?> variables, string? userEnvFileContent, string? goRootEnvFileContent)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return Resolve(
            VariableName,
            variables,
            userEnvFileContent is null ? null : GoEnvironment.ParseEnvFile(userEnvFileContent),
            goRootEnvFileContent is null ? null : GoEnvironment.ParseEnvFile(goRootEnvFileContent));
    }

    /// <summary>
    /// One setting through the go command's layers: a non-empty environment variable, then the user's go env file, then
    /// <c>$GOROOT/go.env</c>; empty when set nowhere.
    /// </summary>
    internal static string Resolve(string name, IReadOnlyDictionary<string, string?> variables, Dictionary<string, string>? userEnvFile, Dictionary<string, string>? goRootEnvFile)
        => GoEnvironment.LayeredSetting(name, variables, userEnvFile, goRootEnvFile);

    /// <summary>
    /// Reads the user's go env file (located as <see cref="GoEnvironment.GetEnvFilePath"/> says) and <c>go.env</c> in
    /// <paramref name="goRoot"/>; an unreadable or missing file counts as absent.
    /// </summary>
    internal static (string? User, string? GoRoot) ReadEnvFiles(IReadOnlyDictionary<string, string?> variables, string? goRoot)
    {
        var userFile = GoEnvironment.GetEnvFilePath(variables);
        return (
            userFile is null ? null : GoEnvironment.ReadOptional(userFile),
            string.IsNullOrEmpty(goRoot) ? null : GoEnvironment.ReadOptional(Path.Join(goRoot, "go.env")));
    }

    /// <summary>
    /// Reads and parses GOTOOLCHAIN as the go command of the given GOROOT would: environment, then the user's go env
    /// file (located as <see cref="GoEnvironment.GetEnvFilePath"/> says), then <c>go.env</c> in <paramref name="goRoot"/>.
    /// Unreadable files count as absent.
    /// </summary>
    /// <param name="variables">The environment variables.</param>
    /// <param name="goRoot">The GOROOT whose <c>go.env</c> supplies the default, or null for none.</param>
    /// <returns>The setting.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="variables"/> is null.</exception>
    /// <exception cref="InvalidGoToolchainException">The value is invalid.</exception>
    public static GoToolchainSetting Load(IReadOnlyDictionary<string, string?> variables, string? goRoot)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var (user, root) = ReadEnvFiles(variables, goRoot);
        return Parse(ResolveValue(variables, user, root));
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
