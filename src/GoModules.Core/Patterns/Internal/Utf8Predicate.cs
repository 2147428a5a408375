using System;

namespace GoModules.Patterns.Internal;

/// <summary>A test over UTF-8 bytes with caller state, used by <see cref="Utf8Text.TestUtf8{TState}"/>.</summary>
internal delegate bool Utf8Predicate<in TState>(TState state, ReadOnlySpan<byte> utf8);
