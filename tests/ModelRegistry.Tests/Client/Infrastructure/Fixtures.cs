using System.Reflection;
using System.Text.Json;

namespace ModelRegistry.Tests.Client;

/// <summary>The recorded provider traffic in <c>tests/fixtures</c> (see its SOURCES.md), inside the repository.</summary>
public static class Fixtures
{
    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        string directory = typeof(Fixtures).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "FixturesDirectory").Value!;
        // A missing folder would otherwise surface as theories that silently fail discovery.
        return System.IO.Directory.Exists(directory)
            ? directory
            : throw new DirectoryNotFoundException($"The recorded fixtures folder '{directory}' is missing: it is tests/fixtures of the repository.");
    }

    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(Path.Combine(Directory, relativePath));

    public static JsonElement Json(string relativePath) => JsonDocument.Parse(Bytes(relativePath)).RootElement;

    /// <summary>The reply a provider gave: status and content type from the recording's <c>.meta.json</c> when it has one,
    /// else 200 with <c>application/json</c> or <c>text/event-stream</c> by extension.</summary>
    public static ServerReply Reply(string relativePath, int? status = null)
    {
        byte[] body = Bytes(relativePath);
        string contentType = relativePath.EndsWith(".sse", StringComparison.Ordinal) ? "text/event-stream" : "application/json";
        int code = status ?? 200;
        string metaPath = Path.Combine(Directory, Path.ChangeExtension(relativePath, ".meta.json"));
        if (File.Exists(metaPath))
        {
            JsonElement meta = JsonDocument.Parse(File.ReadAllBytes(metaPath)).RootElement;
            code = status ?? meta.GetProperty("status").GetProperty("code").GetInt32();
            if (meta.GetProperty("headers").TryGetProperty("content-type", out JsonElement recordedType))
            {
                contentType = recordedType[0].GetString()!;
            }
        }

        return new ServerReply(code, contentType, body);
    }
}
