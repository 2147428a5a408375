using System;
using System.Diagnostics.CodeAnalysis;
namespace GoModules;

/// <summary>
/// The base class of everything GoModules throws for a module problem: a module or version that does not exist, a
/// request that failed, a zip that breaks the module zip rules, a checksum that does not match or is missing, a checksum
/// database that misbehaves, a link planted in the module cache. Catch this one type to handle them all.
/// </summary>
/// <remarks>
/// <para>
/// Text that merely fails to parse (user input) is reported with <see cref="InvalidModulePathException"/> or other
/// <see cref="FormatException"/>-derived types instead. Messages use the go command's <c>path@version: …</c> prefix
/// and name the URL when a request failed.
/// </para>
/// <para>
/// The properties say what applies: <see cref="Module"/> and <see cref="Version"/> the module version concerned,
/// <see cref="Failure"/> the kind of failure, <see cref="StatusCode"/> and <see cref="RequestUrl"/> the HTTP answer
/// and the (redacted) URL when a request was made. An I/O error that caused the failure is the
/// <see cref="Exception.InnerException"/>.
/// </para>
/// </remarks>
public class GoModuleException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="GoModuleException"/> class.</summary>
    public GoModuleException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GoModuleException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public GoModuleException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GoModuleException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public GoModuleException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GoModuleException"/> class for a module version.</summary>
    /// <param name="message">The message.</param>
    /// <param name="module">The module version concerned, or <see langword="null"/>.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    [SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "The overload with every detail is protected, for derived types.")]
    public GoModuleException(string? message, ModuleVersion? module, Exception? innerException = null)
        : base(message, innerException)
    {
        Module = module;
        Version = module?.Version;
    }

    /// <summary>Initializes a new instance of the <see cref="GoModuleException"/> class with every detail.</summary>
    /// <param name="message">The message.</param>
    /// <param name="module">The module version concerned, or <see langword="null"/>.</param>
    /// <param name="version">The version concerned (also when the module path is not known or not valid), or
    /// <see langword="null"/> for the version of <paramref name="module"/>.</param>
    /// <param name="failure">The kind of failure.</param>
    /// <param name="statusCode">The HTTP status, or <see langword="null"/> when no request was answered.</param>
    /// <param name="requestUrl">The requested URL, already redacted, or <see langword="null"/>.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    protected GoModuleException(string? message, ModuleVersion? module, string? version, ModuleFetchFailure failure, int? statusCode, string? requestUrl, Exception? innerException)
        : base(message, innerException)
    {
        Module = module;
        Version = version ?? module?.Version;
        Failure = failure;
        StatusCode = statusCode;
        RequestUrl = requestUrl;
    }

    /// <summary>Gets the module version concerned.</summary>
    /// <value>The module version, or <see langword="null"/> when the error is not about one module.</value>
    public ModuleVersion? Module { get; }

    /// <summary>Gets the version concerned.</summary>
    /// <value>The version of <see cref="Module"/>, or the version alone when the module path is not known (a go.sum
    /// line with an invalid path); <see langword="null"/> when the error is not about one version.</value>
    public string? Version { get; }

    /// <summary>Gets the kind of failure, for branching without parsing messages.</summary>
    /// <value>The default value is <see cref="ModuleFetchFailure.Other"/>.</value>
    public ModuleFetchFailure Failure { get; }

    /// <summary>Gets the final HTTP status of the failed request, or <see langword="null"/> when none was answered.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the requested URL with any password replaced by <c>xxxxx</c>, or <see langword="null"/> when no request was made.</summary>
    public string? RequestUrl { get; }
}
