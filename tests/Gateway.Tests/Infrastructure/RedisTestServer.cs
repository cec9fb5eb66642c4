using System.Net;
using System.Net.Sockets;
using Garnet;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// The Redis-protocol server of the shared-state tests: an in-process Garnet server on a free loopback port (no install),
/// or, when <see cref="ExternalVariable"/> is set (CI's stage 6: Debian's redis-server), that server. Each test writes
/// under its own key prefix (<see cref="NewPrefix"/>), so tests never see each other's keys on a server they share.
/// </summary>
internal sealed class RedisTestServer : IDisposable
{
    /// <summary>A StackExchange.Redis configuration string of a running server to test against instead of Garnet.</summary>
    public const string ExternalVariable = "MODELREGISTRY_TEST_REDIS";

    /// <summary>The trait of every test that needs a Redis-protocol server (<c>dotnet test --filter Category=Redis</c>).</summary>
    public const string Category = "Redis";

    private GarnetServer? _garnet;

    private RedisTestServer(string configuration, int? port, GarnetServer? garnet)
    {
        Configuration = configuration;
        Port = port;
        _garnet = garnet;
    }

    /// <summary>What <c>Gateway:Redis</c> is set to.</summary>
    public string Configuration { get; }

    /// <summary>The port of an in-process Garnet server (which a test may stop and start again), or <see langword="null"/>.</summary>
    public int? Port { get; }

    /// <summary>The external server when <see cref="ExternalVariable"/> names one, else Garnet.</summary>
    public static RedisTestServer Start() =>
        Environment.GetEnvironmentVariable(ExternalVariable) is { Length: > 0 } external
            ? new RedisTestServer(external, null, null)
            : StartGarnet();

    /// <summary>Always an in-process Garnet server: for the tests that stop the server under a running gateway.</summary>
    public static RedisTestServer StartGarnet(int? port = null)
    {
        int chosen = port ?? FreePort();
        return new RedisTestServer($"127.0.0.1:{chosen}", chosen, Launch(chosen));
    }

    /// <summary>A loopback port nothing listens on (for a Redis that is down from the start).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A key prefix of one test's own.</summary>
    public static string NewPrefix() => "test-" + Guid.NewGuid().ToString("N");

    /// <summary>Stops the in-process server (its data goes with it).</summary>
    public void Stop()
    {
        _garnet?.Dispose();
        _garnet = null;
    }

    /// <summary>Starts the in-process server again on the same port.</summary>
    public void Restart()
    {
        Stop();
        _garnet = Launch(Port ?? throw new InvalidOperationException("An external server cannot be restarted by the tests."));
    }

    public void Dispose() => Stop();

    private static GarnetServer Launch(int port)
    {
        // --lua-transaction-mode: Garnet then runs each script whole, locking its declared keys, as Redis always does.
        var server = new GarnetServer(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--lua", "true", "--lua-transaction-mode", "true", "--logger-level", "Error"]);
        server.Start();
        return server;
    }
}
