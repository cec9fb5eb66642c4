using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;

namespace Benchmarks.Client;

/// <summary>
/// The profile behind the tool-call comparison: what the library's transport does once per request besides sending,
/// measured piece by piece (the same calls <c>ProviderTransport</c> makes): a per-attempt timeout (a linked token
/// source with a timer), the request URI built from the endpoint, and the bearer header. Per request.
/// </summary>
[MemoryDiagnoser]
public class RequestOverheadBenchmarks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(100);
    private readonly CancellationToken _caller = new CancellationTokenSource().Token;
    private string _endpoint = "";
    private string _apiKey = "";

    [GlobalSetup]
    public void Setup()
    {
        _endpoint = new string("http://provider.invalid/v1".AsSpan());
        _apiKey = new string("sk-benchmark-not-a-key".AsSpan());
    }

    /// <summary>A linked token source with <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>, disposed.</summary>
    [Benchmark]
    public bool PerAttemptTimeout()
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(_caller);
        timeout.CancelAfter(Timeout);
        return timeout.IsCancellationRequested;
    }

    /// <summary>A new <see cref="Uri"/> for <c>{endpoint}/chat/completions</c>.</summary>
    [Benchmark]
    public Uri RequestUri() => new(string.Concat(_endpoint, "/chat/completions"));

    /// <summary>The bearer header value.</summary>
    [Benchmark]
    public AuthenticationHeaderValue BearerHeader() => new("Bearer", _apiKey);
}
