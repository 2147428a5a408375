using System.Collections.Generic;

namespace GoModules.Cli.Commands;

[System.Text.Json.Serialization.JsonSerializable(typeof(SortedDictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class ListJsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
