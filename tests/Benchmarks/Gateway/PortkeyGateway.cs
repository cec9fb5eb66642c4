using System.Net;
using System.Text.Json;

namespace Benchmarks.Gateway;

/// <summary>
/// A peer of the gateway load test: Portkey's open-source AI gateway (npm <c>@portkey-ai/gateway</c>), what the gateway's
/// users would otherwise deploy. It is installed with npm into a folder of its own under the temp directory, with
/// <c>@hono/node-server</c> and <c>hono</c> pinned by npm <c>overrides</c> to the versions of Portkey's own lockfile
/// (its streaming breaks with newer <c>@hono/node-server</c> releases), and started through a small wrapper that makes
/// its start script listen on loopback only (the script binds every interface). Requests reach the same upstream through
/// Portkey's headers: <c>x-portkey-provider: openai</c> and <c>x-portkey-custom-host</c> = the upstream's base address
/// (loopback is among Portkey's trusted custom hosts by default).
/// </summary>
public static class PortkeyGateway
{
    /// <summary>The pinned versions: the gateway, and the two packages its streaming depends on.</summary>
    private static readonly (string Package, string Version)[] Pins =
    [
        ("@portkey-ai/gateway", "1.15.2"),
        ("@hono/node-server", "1.13.5"),
        ("hono", "4.9.7"),
    ];

    private const string WrapperFile = "serve-loopback.mjs";

    /// <summary>
    /// Installs the pinned packages (once: a folder that already holds them is reused) and returns the folder, or null,
    /// with the reason on standard error, when node or npm is missing or the install failed.
    /// </summary>
    public static async Task<string?> InstallAsync()
    {
        if (ExecutableOnPath("node") is null || ExecutableOnPath("npm") is not { } npm)
        {
            Console.Error.WriteLine("--portkey: skipped, node and npm are needed on PATH to install @portkey-ai/gateway.");
            return null;
        }

        string folder = Path.Combine(Path.GetTempPath(), $"modelregistry-portkey-{Pins[0].Version}");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), PackageJson()).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, WrapperFile), Wrapper).ConfigureAwait(false);
        if (Pins.All(pin => InstalledVersion(folder, pin.Package) == pin.Version))
        {
            return folder;
        }

        // --ignore-scripts: Portkey's postinstall runs patch-package over patches it does not publish.
        System.Diagnostics.ProcessStartInfo start = new(npm) { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "install", "--no-audit", "--no-fund", "--ignore-scripts" })
        {
            start.ArgumentList.Add(argument);
        }

        using System.Diagnostics.Process install = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        Task<string> output = install.StandardOutput.ReadToEndAsync();
        Task<string> errors = install.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));
        await install.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (install.ExitCode != 0 || Pins.Any(pin => InstalledVersion(folder, pin.Package) != pin.Version))
        {
            Console.Error.WriteLine($"--portkey: skipped, npm install in {folder} failed ({install.ExitCode}):{Environment.NewLine}{await output.ConfigureAwait(false)}{await errors.ConfigureAwait(false)}");
            return null;
        }

        return folder;
    }

    /// <summary>Starts Portkey from <paramref name="folder"/> (see <see cref="InstallAsync"/>) on a free loopback port, on <paramref name="cpus"/> when given.</summary>
    public static Task<ChildServer> StartAsync(string folder, string? cpus) => ChildServer.StartAsync(
        "node",
        [Path.Combine(folder, WrapperFile), "{url}"],
        new Dictionary<string, string> { ["NODE_ENV"] = "production" },
        "/",
        HttpStatusCode.OK,
        TimeSpan.FromSeconds(60),
        cpus);

    /// <summary>The headers that make Portkey send a chat completion to <paramref name="upstream"/> (an OpenAI base address, <c>…/v1</c>) as OpenAI.</summary>
    public static IReadOnlyList<(string Name, string Value)> Headers(Uri upstream) =>
    [
        ("x-portkey-provider", "openai"),
        ("x-portkey-custom-host", upstream.ToString().TrimEnd('/')),
        ("Authorization", "Bearer sk-benchmark-not-a-key"),
    ];

    /// <summary>Portkey's start script reads <c>--port=N</c> and calls <c>listen(port)</c> with no host, which binds every
    /// interface; the wrapper takes the listen URL, hands the script its port, and gives every <c>listen</c> the URL's host.</summary>
    private const string Wrapper = """
        // Written by tests/Benchmarks (Gateway/PortkeyGateway.cs): Portkey's gateway on the host and port of the URL given, only.
        import http from 'node:http';
        const url = new URL(process.argv[2]);
        const listen = http.Server.prototype.listen;
        http.Server.prototype.listen = function (port, _hostname, ...rest) {
          return listen.call(this, port, url.hostname, ...rest);
        };
        process.argv.splice(2, 1, `--port=${url.port}`, '--headless');
        await import('./node_modules/@portkey-ai/gateway/build/start-server.js');
        """;

    private static string PackageJson()
    {
        Dictionary<string, string> versions = Pins.ToDictionary(pin => pin.Package, pin => pin.Version);
        Dictionary<string, string> overrides = Pins.Skip(1).ToDictionary(pin => pin.Package, pin => pin.Version);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = "modelregistry-portkey-peer",
            ["private"] = true,
            ["type"] = "module",
            ["dependencies"] = versions,
            ["overrides"] = overrides,
        });
    }

    private static string? InstalledVersion(string folder, string package)
    {
        string manifest = Path.Combine(folder, "node_modules", package, "package.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.TryGetProperty("version", out JsonElement version) ? version.GetString() : null;
    }

    private static string? ExecutableOnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, name))
        .FirstOrDefault(File.Exists);
}
