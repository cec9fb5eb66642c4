using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol.Embeddings;

namespace ModelRegistry;

/// <summary>
/// The library's <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for OpenAI-compatible servers:
/// <c>POST {endpoint}/embeddings</c> with the same endpoint, key, headers, timeout, retries and answer size limit as the
/// provider's chat models. Vectors are asked for as <c>base64</c> (a quarter of the size of JSON numbers) and decoded,
/// unless the options' <c>AdditionalProperties["encoding_format"]</c> says <c>float</c>. A batch larger than the profile's
/// <see cref="ModelProfile.MaxBatchSize"/> or <see cref="ModelProfile.MaxBatchTokens"/> is sent as several requests, one
/// after the other, and the results joined in input order with their usage summed.
/// </summary>
/// <remarks>
/// Failures throw <see cref="ChatProviderException"/> (provider, status, the provider's message with any key redacted);
/// transient ones are retried first, as for chat. The result's <c>AdditionalProperties</c> carry
/// <see cref="RoutedCallInfo"/> (read it with <see cref="RoutedCallInfoExtensions.GetRoutedCallInfo{TEmbedding}(GeneratedEmbeddings{TEmbedding})"/>):
/// the cost from the profile's <c>pricing.prompt</c> per input token, and whether the usage is an estimate (when the
/// provider sent none).
/// </remarks>
public sealed class OpenAICompatibleEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The <c>AdditionalProperties</c> key that picks the wire encoding: <c>base64</c> (the default) or <c>float</c>.</summary>
    public const string EncodingFormatProperty = "encoding_format";

    private readonly ChatModelConfiguration _configuration;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly ProviderTransport _transport;
    private readonly OnceLogger _log;

    /// <summary>Creates a generator for a resolved configuration.</summary>
    public OpenAICompatibleEmbeddingGenerator(ChatModelConfiguration configuration)
        : this(configuration, RetryTiming.Default)
    {
    }

    internal OpenAICompatibleEmbeddingGenerator(ChatModelConfiguration configuration, RetryTiming retryTiming)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Endpoint is null)
        {
            throw new ArgumentException($"The configuration of '{configuration.Provider.Name}' has no endpoint.", nameof(configuration));
        }

        _configuration = configuration;
        _metadata = new EmbeddingGeneratorMetadata(configuration.ProviderDisplayName, configuration.Endpoint, configuration.RequestModel, configuration.Profile?.Dimensions);
        _log = new OnceLogger(configuration.Settings?.LoggerFactory, configuration.Provider.Name, configuration.Model);
        _transport = new ProviderTransport(configuration, configuration.Settings?.HttpClient ?? SharedHttpClient.Instance, _log, retryTiming);
    }

    /// <summary>The resolved configuration this generator sends with.</summary>
    internal ChatModelConfiguration Configuration => _configuration;

    /// <summary>
    /// Checks that the provider answers and accepts the key without spending tokens: one <c>GET {endpoint}/models</c>,
    /// not retried. A server without that endpoint (404) still counts as reachable.
    /// </summary>
    public Task<ChatProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        ProviderHealthCheck.CheckAsync(_transport, cancellationToken);

    /// <inheritdoc/>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        IReadOnlyList<string> inputs = values as IReadOnlyList<string> ?? values.ToList();
        string model = options?.ModelId ?? _configuration.RequestModel;
        string encoding = EncodingFormat(options);
        ModelProfile? profile = _configuration.Profile;
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        if (inputs.Count == 0)
        {
            return result;
        }

        string[] all = inputs as string[] ?? inputs.ToArray();
        long inputTokens = 0, totalTokens = 0;
        bool estimated = false;
        DateTimeOffset created = DateTimeOffset.UtcNow;
        foreach (Range batch in EmbeddingBatches.Split(all, profile?.MaxBatchSize, profile?.MaxBatchTokens))
        {
            ReadOnlyMemory<string> part = all.AsMemory(batch);
            PooledBufferWriter body = EmbeddingRequestWriter.Write(model, part.Span, encoding, options?.Dimensions, options, _configuration.Settings?.ExtraBody, _log);
            ProviderAnswer answer;
            try
            {
                answer = await _transport.SendAsync(HttpMethod.Post, ProviderTransport.EmbeddingsPath, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                body.Return();
            }

            EmbeddingResponseReader.Answer read;
            try
            {
                read = EmbeddingResponseReader.Read(answer.Body, part.Length);
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
            {
                throw new ChatProviderException(
                    $"{_configuration.Provider.Name} answered embedding model '{model}' with a body that is not the expected JSON: {exception.Message}",
                    _configuration.Provider.Name, HttpStatusCode.OK, requestId: answer.RequestId, innerException: exception);
            }
            finally
            {
                answer.Release();
            }

            foreach (float[]? vector in read.Vectors)
            {
                result.Add(new Embedding<float>(vector!) { ModelId = read.Model ?? model, CreatedAt = created });
            }

            if (read.Usage?.InputTokenCount is { } prompt)
            {
                inputTokens += prompt;
                totalTokens += read.Usage.TotalTokenCount ?? prompt;
            }
            else
            {
                long guess = 0;
                foreach (string input in part.Span)
                {
                    guess += EmbeddingBatches.Estimate(input);
                }

                inputTokens += guess;
                totalTokens += guess;
                estimated = true;
            }
        }

        result.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = totalTokens };
        new RoutedCallInfo(_configuration.Provider.Name, estimated, CallPricing.Compute(profile?.Pricing, result.Usage))
            .WriteTo(result.AdditionalProperties ??= []);
        return result;
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(ModelProfile))
        {
            return _configuration.Profile;
        }

        if (serviceType == typeof(ProviderInfo))
        {
            return _configuration.Provider;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose() => _transport.ReleaseIdleTimeout();

    private static string EncodingFormat(EmbeddingGenerationOptions? options)
    {
        if (options?.AdditionalProperties is { } properties && properties.TryGetValue(EncodingFormatProperty, out object? value))
        {
            string? text = value switch
            {
                string s => s,
                JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
                _ => null,
            };
            return text switch
            {
                EmbeddingEncoding.Float => EmbeddingEncoding.Float,
                EmbeddingEncoding.Base64 => EmbeddingEncoding.Base64,
                _ => throw new ArgumentException(
                    $"AdditionalProperties[\"{EncodingFormatProperty}\"] must be \"{EmbeddingEncoding.Base64}\" or \"{EmbeddingEncoding.Float}\".", nameof(options)),
            };
        }

        return EmbeddingEncoding.Base64;
    }
}
