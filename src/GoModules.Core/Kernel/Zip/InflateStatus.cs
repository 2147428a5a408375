namespace GoModules.Kernel.Zip;

/// <summary>What <see cref="Inflater.Inflate"/> stopped on.</summary>
internal enum InflateStatus
{
    /// <summary>All input was taken; more is needed to go on.</summary>
    NeedsInput,

    /// <summary>The output window is full; drain <see cref="Inflater.Pending"/> and call again.</summary>
    OutputFull,

    /// <summary>The end of the final block was reached; no more bits belong to this stream.</summary>
    Done,
}
