using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol.ChatCompletions;
using ModelRegistry.Protocol.Embeddings;

namespace ModelRegistry.Gateway;

/// <summary>
/// <c>POST /v1/embeddings</c>: reads OpenAI's request (<c>input</c> a string or an array of strings, <c>encoding_format</c>,
/// <c>dimensions</c>, <c>user</c>), sends it through the served embedding model's generator (routed or not: a routed
/// model falls back from a failed route) and answers in OpenAI's shape, the vectors as numbers or base64 as asked. A
/// named key's model list, budget and rate limits apply as for chat, and the call is charged from the priced usage.
/// </summary>
internal sealed class EmbeddingsEndpoint(ModelCatalog catalog, GatewayOptions options, KeyPolicy keys, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("ModelRegistry.Gateway.Embeddings");

    public async Task HandleAsync(HttpContext context)
    {
        if (!JsonContentType.IsJson(context.Request.ContentType))
        {
            await new OpenAIError(415, $"The request body must be sent with 'Content-Type: application/json'; got {JsonContentType.Describe(context.Request.ContentType)}.",
                "invalid_request_error", "unsupported_media_type").WriteResponseAsync(context);
            return;
        }

        if (context.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            await TooLarge(context);
            return;
        }

        EmbeddingRequest request;
        try
        {
            using JsonDocument document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            request = EmbeddingRequestReader.Read(document.RootElement);
        }
        catch (JsonException exception)
        {
            await OpenAIError.BadRequest($"The request body is not valid JSON: {exception.Message}").WriteResponseAsync(context);
            return;
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLarge(context);
            return;
        }
        catch (ChatRequestException exception)
        {
            await OpenAIError.BadRequest(exception.Message, exception.Param is null ? null : "invalid_" + exception.Param.Split('[', '.')[0], exception.Param)
                .WriteResponseAsync(context);
            return;
        }

        if (!catalog.TryFind(request.Model, out ServedModel? model))
        {
            await new OpenAIError(404, $"The model '{request.Model}' does not exist. Available models: {string.Join(", ", catalog.Ids)}.", "invalid_request_error", "model_not_found")
                .WriteResponseAsync(context);
            return;
        }

        if (model.Embeddings is not { } generator)
        {
            await OpenAIError.BadRequest($"The model '{request.Model}' is a chat model: /v1/embeddings serves models whose profile says \"kind\": \"embedding\".", "model_not_supported", "model")
                .WriteResponseAsync(context);
            return;
        }

        // The key's token window reserves the estimate of the inputs, as for a chat prompt of the same text.
        var admission = new ChatCompletionRequest { Model = request.Model, Messages = [new ChatMessage(ChatRole.User, string.Join('\n', request.Inputs))], Options = new ChatOptions() };
        await UpstreamCallGuard.AdmitThenRunAsync(
            context, model, keys.AdmitAsync(GatewayCaller.KeyOf(context), model, admission, context.RequestAborted), options.RequestTimeout, _logger,
            (context, request, generator), static (state, call, limit) => SendAsync(state.context, state.request, state.generator, call, limit));
    }

    /// <summary>The admitted call: the route's embeddings, written back in OpenAI's shape.</summary>
    private static async Task SendAsync(
        HttpContext context, EmbeddingRequest request, IEmbeddingGenerator<string, Embedding<float>> generator, KeyCall call, CancellationTokenSource limit)
    {
        var generation = new EmbeddingGenerationOptions { Dimensions = request.Dimensions };
        if (request.User is { } user)
        {
            generation.AdditionalProperties = new AdditionalPropertiesDictionary { ["user"] = user };
        }

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(request.Inputs, generation, limit.Token);
        await call.SettleAsync(embeddings.Usage, embeddings.GetRoutedCallInfo());
        context.Response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, GatewayJson.WriterOptions))
        {
            EmbeddingResponseWriter.Write(writer, embeddings, request.Model, request.EncodingFormat);
        }

        await context.Response.BodyWriter.FlushAsync(limit.Token);
    }

    private Task TooLarge(HttpContext context) =>
        new OpenAIError(413, $"The request body is larger than {options.MaxRequestBodyBytes} bytes.", "invalid_request_error", "request_too_large").WriteResponseAsync(context);
}
