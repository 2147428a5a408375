using System.Collections.Generic;

namespace GoModules.Graph;

/// <summary>The outcome of <see cref="ModuleGetter.GetAsync"/>: the new go.mod and go.sum and what changed.</summary>
public sealed class ModuleGetResult
{
    internal ModuleGetResult(byte[] goMod, byte[]? goSum, bool goModChanged, bool goSumChanged, IReadOnlyList<string> changes, IReadOnlyList<string> warnings)
    {
        Warnings = warnings;
        GoMod = goMod;
        GoSum = goSum;
        GoModChanged = goModChanged;
        GoSumChanged = goSumChanged;
        Changes = changes;
    }

    /// <summary>Gets the main module's go.mod after the edit, formatted as the go command writes it.</summary>
    public byte[] GoMod { get; }

    /// <summary>Gets the go.sum after the edit, or <see langword="null"/> when there is none.</summary>
    public byte[]? GoSum { get; }

    /// <summary>Gets a value indicating whether go.mod differs from the one read (and is written).</summary>
    public bool GoModChanged { get; }

    /// <summary>Gets a value indicating whether go.sum gained lines (and is written).</summary>
    public bool GoSumChanged { get; }

    /// <summary>Gets the changes as <c>go get</c> reports them (<c>upgraded example.com/a v1.0.0 =&gt; v1.1.0</c>, <c>added ...</c>, <c>removed ...</c>).</summary>
    public IReadOnlyList<string> Changes { get; }

    /// <summary>
    /// Gets the notes <c>go get</c> prints before the changes, in its order and words: requirements dropped because
    /// the main module excludes their version, deprecations of the modules the queries name, retracted versions they
    /// resolved to (and the hint to switch away). Each entry is one message, which may span lines.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }
}
