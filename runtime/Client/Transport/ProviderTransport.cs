using System.Net;
using System.Net.Http.Headers;

namespace ModelRegistry;

/// <summary>
/// Sends one logical request to the provider: the URL with the provider's query parameters, the auth header
/// in the provider's style, the custom headers, a per-attempt timeout, and retries with back-off on transient
/// failures. It returns only a successful answer; every failure becomes a <see cref="ChatProviderException"/>.
/// Retries happen only here, before any byte of an answer has been handed to the caller, so a stream that
/// has yielded is never retried.
/// </summary>
internal sealed class ProviderTransport
{
    public const string ChatCompletionsPath = "chat/completions";
    public const string ResponsesPath = "responses";
    public const string ModelsPath = "models";
    public const string EmbeddingsPath = "embeddings";
    private const int DefaultMaxRetries = 2;
    internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private readonly ChatModelConfiguration _configuration;
    private readonly HttpClient _httpClient;
    private readonly OnceLogger _log;
    private readonly RetryTiming _timing;
    private readonly string _baseUrl;
    private AuthenticationHeaderValue? _bearer;
    private Uri? _chatCompletionsUri;
    private Uri? _responsesUri;
    private Uri? _modelsUri;
    private Uri? _embeddingsUri;
    private CancellationTokenSource? _idleTimeout;

    public ProviderTransport(ChatModelConfiguration configuration, HttpClient httpClient, OnceLogger log, RetryTiming timing)
    {
        _configuration = configuration;
        _httpClient = httpClient;
        _log = log;
        _timing = timing;
        string endpoint = configuration.Endpoint!.GetLeftPart(UriPartial.Path);
        _baseUrl = endpoint.EndsWith('/') ? endpoint : endpoint + "/";
    }

    private int MaxRetries => Math.Max(0, _configuration.MaxRetries ?? DefaultMaxRetries);

    private TimeSpan Timeout => _configuration.Timeout is { } timeout && timeout > TimeSpan.Zero ? timeout : DefaultTimeout;

    /// <summary>Sends and reads the whole answer body (within the timeout) into a pooled buffer.</summary>
    /// <remarks>
    /// The answer is asked for with <see cref="HttpCompletionOption.ResponseHeadersRead"/> and its stream read here,
    /// straight into the pooled buffer (sized by <c>Content-Length</c> when the server sends one): asking for
    /// <see cref="HttpCompletionOption.ResponseContentRead"/> would make <see cref="HttpClient"/> buffer the body in a
    /// stream of its own first, and reading it as a <see cref="byte"/> array would copy it again. A connection that
    /// breaks while the body is read is a transient failure, retried like one that breaks before the headers.
    /// One timeout source serves every attempt: its timer is re-armed per attempt, and it is only replaced after an
    /// attempt that timed out. Between calls the transport keeps one idle source, so a call usually creates none.
    /// </remarks>
    public async ValueTask<ProviderAnswer> SendAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, CancellationToken cancellationToken, bool retry = true)
    {
        int maxRetries = retry ? MaxRetries : 0;
        CancellationTokenSource timeout = RentTimeout();
        CancellationTokenRegistration link = LinkTimeout(timeout, cancellationToken);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                timeout = ArmTimeout(timeout, ref link, cancellationToken);
                HttpResponseMessage? response = await SendAttemptAsync(method, path, body, HttpCompletionOption.ResponseHeadersRead, attempt, maxRetries, timeout, cancellationToken).ConfigureAwait(false);
                if (response is null)
                {
                    continue;
                }

                using (response)
                {
                    try
                    {
                        string? requestId = ProviderError.ReadRequestId(response.Headers);
                        Stream stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                        PooledBufferWriter answer;
                        await using (stream.ConfigureAwait(false))
                        {
                            answer = await ReadBodyAsync(stream, DeclaredLength(response.Content.Headers), _configuration, requestId, timeout.Token).ConfigureAwait(false);
                        }

                        return new ProviderAnswer(answer, requestId);
                    }
                    catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw TimedOut(exception);
                    }
                    catch (Exception exception) when (exception is HttpRequestException or IOException)
                    {
                        HttpRequestException failure = exception as HttpRequestException ?? new HttpRequestException(
                            (exception as HttpIOException)?.HttpRequestError ?? HttpRequestError.Unknown, "Error while copying content to a stream.", exception);
                        await RetryOrThrowAsync(failure, attempt, maxRetries, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            await link.DisposeAsync().ConfigureAwait(false);
            ReturnTimeout(timeout);
        }
    }

    /// <summary>Arms the timeout for the next attempt: the same source, its timer re-armed, unless the last attempt made it
    /// fire; then a new one, linked to the caller's token in place of the old link.</summary>
    private CancellationTokenSource ArmTimeout(CancellationTokenSource timeout, ref CancellationTokenRegistration link, CancellationToken cancellationToken)
    {
        if (timeout.IsCancellationRequested)
        {
            link.Dispose();
            timeout.Dispose();
            timeout = new CancellationTokenSource();
            link = LinkTimeout(timeout, cancellationToken);
        }

        timeout.CancelAfter(Timeout);
        return timeout;
    }

    /// <summary>The timeout source of one call: the transport's idle one when no other call holds it (its
    /// timer object is reused), else a new one.</summary>
    private CancellationTokenSource RentTimeout() => Interlocked.Exchange(ref _idleTimeout, null) ?? new CancellationTokenSource();

    /// <summary>Keeps a source that never fired for the next call (<see cref="CancellationTokenSource.TryReset"/> stops its
    /// timer and drops every registration left on it); one that fired, or finds the slot taken, is disposed.</summary>
    private void ReturnTimeout(CancellationTokenSource timeout)
    {
        if (!timeout.TryReset() || Interlocked.CompareExchange(ref _idleTimeout, timeout, null) is not null)
        {
            timeout.Dispose();
        }
    }

    /// <summary>Disposes the idle timeout source (the client is being disposed); a later call simply makes a new one.</summary>
    public void ReleaseIdleTimeout() => Interlocked.Exchange(ref _idleTimeout, null)?.Dispose();

    /// <summary>The caller's cancellation cancels the timeout source too (what a linked source does, without a new source
    /// per call); nothing is registered when the caller's token cannot be cancelled.</summary>
    private static CancellationTokenRegistration LinkTimeout(CancellationTokenSource timeout, CancellationToken cancellationToken) =>
        cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);

    /// <summary>Sends and returns the answer once its headers arrived; the caller reads (and disposes) the stream.</summary>
    public async ValueTask<HttpResponseMessage> SendStreamingAsync(string path, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        // The timeout covers the headers only (the stream's reader has its own limits: GuardedAnswerStream), so the source goes back to the
        // transport as soon as they arrived: the same rented source and link as a non-streamed call, not a linked
        // source per attempt.
        CancellationTokenSource timeout = RentTimeout();
        CancellationTokenRegistration link = LinkTimeout(timeout, cancellationToken);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                timeout = ArmTimeout(timeout, ref link, cancellationToken);
                HttpResponseMessage? response = await SendAttemptAsync(HttpMethod.Post, path, body, HttpCompletionOption.ResponseHeadersRead, attempt, MaxRetries, timeout, cancellationToken).ConfigureAwait(false);
                if (response is not null)
                {
                    return response;
                }
            }
        }
        finally
        {
            await link.DisposeAsync().ConfigureAwait(false);
            ReturnTimeout(timeout);
        }
    }

    /// <summary>The <c>Content-Length</c> the server sent, read from the raw header: asking
    /// <see cref="HttpContentHeaders.ContentLength"/> instead would have a content that did not receive one compute and
    /// store a length of its own (a boxed value and a header entry per answer).</summary>
    internal static long? DeclaredLength(HttpContentHeaders headers)
    {
        if (headers.NonValidated.TryGetValues("Content-Length", out HeaderStringValues values))
        {
            foreach (string value in values)
            {
                return long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long length) ? length : null;
            }
        }

        return null;
    }

    /// <summary>Reads a whole body into a pooled buffer, sized by <c>Content-Length</c> when the server sent one, and never
    /// more of it than the answer size limit: a body declared larger fails before a byte is read, one that turns out
    /// larger fails as soon as it passes the limit, so a huge answer never sits in memory whole.</summary>
    internal static async ValueTask<PooledBufferWriter> ReadBodyAsync(
        Stream stream, long? length, ChatModelConfiguration configuration, string? requestId, CancellationToken cancellationToken)
    {
        const int UnknownLengthCapacity = 4096;
        long limit = AnswerLimits.MaxResponseBytes(configuration);
        if (length > limit)
        {
            throw AnswerLimits.TooLarge(configuration, "a body", limit, requestId);
        }

        var body = new PooledBufferWriter(length > 0 && length <= Array.MaxLength ? (int)length.Value : UnknownLengthCapacity);
        while (length is null || body.WrittenCount < length)
        {
            // At most one byte past the limit is asked for: enough to tell a body of exactly the limit from a larger one.
            Memory<byte> free = body.GetMemory();
            long room = limit + 1 - body.WrittenCount;
            int read = await stream.ReadAsync(free.Length > room ? free[..(int)room] : free, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            body.Advance(read);
            if (body.WrittenCount > limit)
            {
                // The read is over, so nothing can still write into the buffer: it can go back to the pool.
                body.Return();
                throw AnswerLimits.TooLarge(configuration, "a body", limit, requestId);
            }
        }

        return body;
    }

    /// <summary>One attempt: the successful answer, <see langword="null"/> when another attempt should follow, or an exception.
    /// (The transport's methods return <see cref="ValueTask{TResult}"/>: when the handler answers at once, as an
    /// in-memory one does, they cost no task object.)</summary>
    private async ValueTask<HttpResponseMessage?> SendAttemptAsync(
        HttpMethod method, string path, ReadOnlyMemory<byte>? body, HttpCompletionOption completion, int attempt, int maxRetries,
        CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = CreateRequest(method, path, body);
        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (attempt < maxRetries)
            {
                await WaitBeforeRetryAsync(attempt + 1, maxRetries, "timed out", cancellationToken).ConfigureAwait(false);
                return null;
            }

            throw TimedOut(exception);
        }
        catch (HttpRequestException exception)
        {
            await RetryOrThrowAsync(exception, attempt, maxRetries, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            HttpStatusCode status = response.StatusCode;
            if (UpstreamFailure.IsTransient(status) && attempt < maxRetries)
            {
                TimeSpan delay = RetryPolicy.GetDelay(attempt + 1, response.Headers, _timing);
                ClientLog.RetryingStatus(_log.Logger, _configuration.Provider.Name, (int)status, attempt + 1, maxRetries, (long)delay.TotalMilliseconds);
                await _timing.Delay(delay, cancellationToken).ConfigureAwait(false);
                return null;
            }

            byte[] errorBody;
            try
            {
                errorBody = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(exception);
            }

            throw ProviderError.FromHttpResponse(_configuration, status, response.Headers, errorBody);
        }
    }

    /// <summary>After a connection failure: waits before the next attempt, or throws when none is left.</summary>
    private async ValueTask RetryOrThrowAsync(HttpRequestException exception, int attempt, int maxRetries, CancellationToken cancellationToken)
    {
        if (attempt >= maxRetries)
        {
            throw new ChatProviderException(
                $"{_configuration.Provider.Name} could not be reached at {_baseUrl} ({exception.HttpRequestError}) after {attempt + 1} attempt(s).",
                _configuration.Provider.Name, innerException: exception);
        }

        await WaitBeforeRetryAsync(attempt + 1, maxRetries, exception.HttpRequestError.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitBeforeRetryAsync(int attempt, int maxRetries, string reason, CancellationToken cancellationToken)
    {
        TimeSpan delay = RetryPolicy.GetDelay(attempt, headers: null, _timing);
        ClientLog.RetryingConnection(_log.Logger, _configuration.Provider.Name, reason, attempt, maxRetries, (long)delay.TotalMilliseconds);
        await _timing.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    private ChatProviderException TimedOut(Exception inner) =>
        new($"{_configuration.Provider.Name} did not answer within {Timeout.TotalSeconds:0.###} s for model '{_configuration.RequestModel}'.",
            _configuration.Provider.Name, statusCode: null, innerException: new TimeoutException(inner.Message, inner));

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, ReadOnlyMemory<byte>? body)
    {
        var request = new HttpRequestMessage(method, GetUri(path));
        if (body is { } bytes)
        {
            // The content only reads the caller's buffer (and may be serialized more than once); it never owns it.
            var content = new ReadOnlyMemoryContent(bytes);
            // As a string, which HttpClient writes as it is: a parsed MediaTypeHeaderValue is formatted again on every request.
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
            request.Content = content;
        }

        if (_configuration.ApiKey is { Length: > 0 } apiKey)
        {
            if (_configuration.Provider.Authentication == ProviderAuthentication.ApiKeyHeader)
            {
                request.Headers.TryAddWithoutValidation("api-key", apiKey);
            }
            else
            {
                request.Headers.Authorization = _bearer ??= new AuthenticationHeaderValue("Bearer", apiKey);
            }
        }

        foreach (KeyValuePair<string, string> header in _configuration.Headers)
        {
            // A configured header replaces one of ours (Authorization included); NonValidated never throws on content-header names.
            if (request.Headers.NonValidated.Contains(header.Key))
            {
                request.Headers.Remove(header.Key);
            }

            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value))
            {
                request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return request;
    }

    /// <summary>The URI of one of the client's fixed paths, built once per transport: the endpoint and its query never
    /// change. (Two threads may both build it the first time; either equal instance may be kept.)</summary>
    private Uri GetUri(string path) => path switch
    {
        ChatCompletionsPath => _chatCompletionsUri ??= BuildUri(path),
        ResponsesPath => _responsesUri ??= BuildUri(path),
        ModelsPath => _modelsUri ??= BuildUri(path),
        EmbeddingsPath => _embeddingsUri ??= BuildUri(path),
        _ => BuildUri(path),
    };

    /// <summary>The endpoint joined with <paramref name="path"/>, keeping the endpoint's own query and adding <c>api-version</c>.</summary>
    internal Uri BuildUri(string path)
    {
        string query = _configuration.Endpoint!.Query.TrimStart('?');
        if (_configuration.Provider.ApiVersion is { Length: > 0 } apiVersion && !query.Contains("api-version=", StringComparison.Ordinal))
        {
            string version = "api-version=" + Uri.EscapeDataString(apiVersion);
            query = query.Length == 0 ? version : query + "&" + version;
        }

        return new Uri(query.Length == 0 ? _baseUrl + path : _baseUrl + path + "?" + query);
    }
}
