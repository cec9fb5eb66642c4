using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The answers the server layer gives on its own (unknown path, wrong method, request line or headers too
/// large) carry OpenAI's error body too, on a real Kestrel listener (the in-memory test server has none of its limits).</summary>
public sealed class ServerErrorTests : IDisposable
{
    // A free loopback port through the "urls" setting, not UseKestrel(0): with a port, WebApplicationFactory rewrites the
    // server's addresses after the app's own thread may have bound them (dotnet/aspnetcore#67714), which failed the
    // constructor once in a few runs.
    private readonly GatewayHost _gateway = new(null, ("urls", "http://127.0.0.1:0"));
    private readonly HttpClient _http;

    public ServerErrorTests()
    {
        _gateway.UseKestrel();
        _gateway.StartServer();
        _http = _gateway.CreateClient();
    }

    [Theory]
    [InlineData("GET", "/nothing-here", 404, "not_found")]
    [InlineData("GET", "/v1/chat/completions", 405, "method_not_allowed")]
    [InlineData("DELETE", "/health", 405, "method_not_allowed")]
    [InlineData("OPTIONS", "/v1/chat/completions", 405, "method_not_allowed")]
    public async Task Unknown_paths_and_methods_get_OpenAI_error_bodies(string method, string path, int status, string code)
    {
        using HttpResponseMessage response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task A_request_line_over_8_KiB_is_a_414_with_an_OpenAI_error_body()
    {
        using HttpResponseMessage response = await _http.GetAsync("/v1/models?pad=" + new string('a', 9000));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("uri_too_long", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task A_request_line_just_within_the_limit_is_served()
    {
        using HttpResponseMessage response = await _http.GetAsync("/v1/models?pad=" + new string('a', 7000));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Headers_over_32_KiB_are_a_431_with_an_OpenAI_error_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add("X-Padding", new string('a', 40 * 1024));

        using HttpResponseMessage response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal("request_header_fields_too_large", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task More_than_100_header_lines_are_a_431_with_an_OpenAI_error_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        for (int i = 0; i < 150; i++)
        {
            request.Headers.Add($"X-Header-{i}", "v");
        }

        using HttpResponseMessage response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal("request_header_fields_too_large", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task A_raw_request_over_the_header_limit_gets_the_error_body_on_the_wire()
    {
        // Written by hand on a socket, so no client library adds, checks or reshapes anything.
        Uri address = _http.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using NetworkStream stream = tcp.GetStream();
        string request = $"GET /health HTTP/1.1\r\nHost: {address.Authority}\r\nCookie: {new string('c', 33 * 1024)}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream, Encoding.UTF8);
        string answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 431", answer, StringComparison.Ordinal);
        string body = answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        if (answer.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = body[(body.IndexOf("\r\n", StringComparison.Ordinal) + 2)..body.LastIndexOf("}", StringComparison.Ordinal)] + "}";
        }

        AssertOpenAIError(JsonDocument.Parse(body).RootElement);
    }

    public void Dispose()
    {
        _http.Dispose();
        _gateway.Dispose();
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        JsonElement root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        AssertOpenAIError(root);
        return root.GetProperty("error").GetProperty("code").GetString();
    }

    private static void AssertOpenAIError(JsonElement root)
    {
        JsonElement error = root.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
    }
}
