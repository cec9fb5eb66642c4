using System.Text.Json;

namespace ModelRegistry.Gateway;

/// <summary>
/// <c>GET /v1/models</c>: OpenAI's list (<c>id</c>, <c>object</c>, <c>created</c>, <c>owned_by</c>) with OpenRouter's
/// fields from the compiled profiles (<c>name</c>, <c>context_length</c>, <c>top_provider.max_completion_tokens</c>,
/// <c>pricing</c>, <c>architecture</c> modalities, <c>supported_parameters</c>). A routed model reports the smallest
/// context length of its routes and the parameters every route supports. A named key sees only the models it may call.
/// </summary>
internal static class ModelsEndpoint
{
    /// <summary>Answers one <c>GET /v1/models</c> request.</summary>
    public static async Task HandleAsync(HttpContext context)
    {
        ModelCatalog catalog = context.RequestServices.GetRequiredService<ModelCatalog>();
        GatewayKey? key = GatewayCaller.KeyOf(context);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, GatewayJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (ServedModel model in catalog.Models)
        {
            if (key?.Allows(model) == false)
            {
                continue;
            }

            WriteModel(writer, model);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter writer, ServedModel model)
    {
        ModelProfile profile = model.Profile;
        List<ModelProfile> routes = ModelCatalog.RouteProfiles(model).ToList();
        int? context = Min(routes.Select(r => r.MaxInputTokens).Prepend(profile.MaxInputTokens));
        int? maxOutput = Min(routes.Select(r => r.MaxOutputTokens).Prepend(profile.MaxOutputTokens));

        writer.WriteStartObject();
        writer.WriteString("id", model.Id);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", 0);
        writer.WriteString("owned_by", model.Provider.Name);
        writer.WriteString("name", profile.Name ?? model.Id);
        if (context is { } contextLength)
        {
            writer.WriteNumber("context_length", contextLength);
        }
        else
        {
            writer.WriteNull("context_length");
        }

        writer.WriteStartObject("top_provider");
        WriteOptional(writer, "context_length", context);
        WriteOptional(writer, "max_completion_tokens", maxOutput);
        writer.WriteBoolean("is_moderated", false);
        writer.WriteEndObject();

        writer.WriteStartObject("pricing");
        ModelPricing? pricing = profile.Pricing;
        writer.WriteString("prompt", Price(pricing?.Prompt));
        writer.WriteString("completion", Price(pricing?.Completion));
        writer.WriteString("request", Price(pricing?.Request));
        writer.WriteString("image", Price(pricing?.Image));
        if (pricing?.InputCacheRead is { } cacheRead)
        {
            writer.WriteString("input_cache_read", Price(cacheRead));
        }

        if (pricing?.InputCacheWrite is { } cacheWrite)
        {
            writer.WriteString("input_cache_write", Price(cacheWrite));
        }

        writer.WriteEndObject();

        writer.WriteStartObject("architecture");
        List<string> inputs = Modalities(profile.TextInputs ?? true, profile.ImageInputs == true || profile.ImageUrlInputs == true, profile.AudioInputs == true, profile.VideoInputs == true, profile.PdfInputs == true);
        List<string> outputs = Modalities(profile.TextOutputs ?? true, profile.ImageOutputs == true, profile.AudioOutputs == true, profile.VideoOutputs == true, file: false);
        writer.WriteString("modality", string.Join('+', inputs) + "->" + string.Join('+', outputs));
        WriteStrings(writer, "input_modalities", inputs);
        WriteStrings(writer, "output_modalities", outputs);
        writer.WriteEndObject();

        WriteStrings(writer, "supported_parameters", SupportedParameters(profile, routes));
        if (ModelCatalog.Routed(model) is { } routed)
        {
            WriteStrings(writer, "routes", routed.Routes.Select(r => r.Name));
        }

        writer.WriteEndObject();
    }

    /// <summary>The parameters of the model's profile that every route with a known list also supports.</summary>
    private static IEnumerable<string> SupportedParameters(ModelProfile profile, List<ModelProfile> routes)
    {
        IEnumerable<string> parameters = profile.SupportedParams;
        foreach (ModelProfile route in routes.Where(r => !r.SupportedParams.IsEmpty))
        {
            parameters = parameters.Intersect(route.SupportedParams, StringComparer.Ordinal);
        }

        return parameters.Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> Modalities(bool text, bool image, bool audio, bool video, bool file)
    {
        var result = new List<string>();
        if (text) result.Add("text");
        if (image) result.Add("image");
        if (audio) result.Add("audio");
        if (video) result.Add("video");
        if (file) result.Add("file");
        return result;
    }

    private static int? Min(IEnumerable<int?> values) => values.Where(v => v is not null).Min();

    private static string Price(decimal? price) => (price ?? 0m).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteOptional(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
