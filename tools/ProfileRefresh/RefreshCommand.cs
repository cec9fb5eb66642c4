using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRegistry.ProfileRefresh;

/// <summary>The refresh command: read the source, merge into the profile file, write it, print one summary line.</summary>
internal static class RefreshCommand
{
    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <returns>0 on success, 1 when the source or the file cannot be read, 2 for a wrong command line.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, HttpMessageHandler? handler, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        RefreshOptions options = RefreshOptions.Parse(args, out string? problem);
        if (options.Help)
        {
            await output.WriteLineAsync(RefreshOptions.Usage);
            return 0;
        }

        if (problem is not null)
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync(RefreshOptions.Usage);
            return 2;
        }

        try
        {
            string? apiKey = null;
            if (options.ApiKeyVariable is { } variable && string.IsNullOrEmpty(apiKey = environment(variable)))
            {
                throw new RefreshException($"The environment variable {variable} (--api-key-env) is not set.");
            }

            IReadOnlyList<SourceModel> models = options.Models is { } list
                ? ModelListReader.Read(await LoadAsync(list, apiKey, handler, cancellationToken))
                : CatalogModelReader.Read(await LoadAsync(options.Catalog!, apiKey, handler, cancellationToken), options.CatalogProvider ?? options.Provider!);

            string path = Path.GetFullPath(options.Output!);
            JsonObject root = File.Exists(path)
                ? JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken), documentOptions: ReadOptions) as JsonObject
                    ?? throw new RefreshException($"{options.Output} is not a JSON object: not a profile file.")
                : new JsonObject();
            ProfileMerger.Summary summary = ProfileMerger.Merge(root, options.Provider!, models, options.KeepExisting, options.Prune);

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, Serialize(root), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
            await output.WriteLineAsync(
                $"{options.Output}: {models.Count} models from the source; {summary.Added} added, {summary.Updated} updated, {summary.Unchanged} unchanged, " +
                (options.Prune ? $"{summary.Removed} removed." : $"{summary.Kept} kept that the source does not list."));
            return 0;
        }
        catch (Exception exception) when (exception is RefreshException or JsonException or IOException or HttpRequestException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(exception.Message);
            return 1;
        }
    }

    private static async Task<JsonNode> LoadAsync(string source, string? apiKey, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        string text;
        if (Uri.TryCreate(source, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https")
        {
            using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            client.Timeout = TimeSpan.FromSeconds(60);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (apiKey is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }

            using HttpResponseMessage response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new RefreshException($"GET {uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        else
        {
            text = await File.ReadAllTextAsync(source, cancellationToken);
        }

        return JsonNode.Parse(text, documentOptions: ReadOptions) ?? throw new RefreshException($"{source} holds JSON null.");
    }

    /// <summary>Two-space indentation, and names like "Anthropic: Claude Opus 4" kept readable (no \u escapes).</summary>
    private static string Serialize(JsonObject root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            root.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }
}
