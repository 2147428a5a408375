using System.Text;

namespace GoModules.Tests.Fetching;

internal sealed record FakeAnswer(int StatusCode, byte[] Body)
{
    public TimeSpan Delay { get; init; }

    public int? FailAfter { get; init; }

    public static FakeAnswer Ok(string body) => new(200, Encoding.UTF8.GetBytes(body));

    public static FakeAnswer Ok(byte[] body) => new(200, body);

    public static FakeAnswer Status(int status) => new(status, []);
}
