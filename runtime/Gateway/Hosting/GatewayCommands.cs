namespace ModelRegistry.Gateway;

/// <summary>
/// The commands a gateway host runs instead of serving: <c>--check-overlay &lt;file&gt;</c> checks a routing overlay
/// against the compiled registry with the start-up's own validation and message (for CI, before deploying it), and
/// <c>--overlay-schema [file]</c> writes the overlay's JSON Schema (<see cref="RoutingOverlaySchema"/>) for editors.
/// </summary>
/// <example>
/// <code>
/// if (GatewayCommands.Run(args, Models.Registry, Console.Out, Console.Error) is { } exitCode)
/// {
///     return exitCode;
/// }
/// </code>
/// </example>
public static class GatewayCommands
{
    /// <summary>Checks an overlay file and exits: 0 when it fits, 1 with the start-up's message when it does not.</summary>
    public const string CheckOverlay = "--check-overlay";

    /// <summary>Writes the overlay's JSON Schema to a file, or to the standard output, and exits.</summary>
    public const string OverlaySchema = "--overlay-schema";

    /// <summary>Runs the command <paramref name="args"/> name, or returns <see langword="null"/> when they name none (the host then starts).</summary>
    /// <param name="args">The host's command-line arguments.</param>
    /// <param name="registry">The compiled registry the gateway serves.</param>
    /// <param name="output">Where results go (the standard output).</param>
    /// <param name="error">Where problems go (the standard error).</param>
    /// <returns>The exit code: 0 success, 1 an invalid overlay (or a file that cannot be written), 2 a usage error; or <see langword="null"/>.</returns>
    public static int? Run(IReadOnlyList<string> args, IModelRegistry registry, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        int check = IndexOf(args, CheckOverlay);
        int schema = IndexOf(args, OverlaySchema);
        if (check >= 0)
        {
            if (check + 1 >= args.Count || args[check + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"{CheckOverlay} needs the overlay file: {CheckOverlay} overlay.json");
                return 2;
            }

            return Check(args[check + 1], registry, output, error);
        }

        if (schema >= 0)
        {
            string text = RoutingOverlaySchema.Generate(registry);
            if (schema + 1 >= args.Count || args[schema + 1].StartsWith("--", StringComparison.Ordinal))
            {
                output.Write(text);
                return 0;
            }

            try
            {
                File.WriteAllText(args[schema + 1], text);
                output.WriteLine($"Wrote the routing overlay schema to {args[schema + 1]}.");
                return 0;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"The routing overlay schema cannot be written to '{args[schema + 1]}': {exception.Message}");
                return 1;
            }
        }

        return null;
    }

    private static int Check(string path, IModelRegistry registry, TextWriter output, TextWriter error)
    {
        try
        {
            RoutingOverlay overlay = OverlayValidation.Load(path, registry);
            output.WriteLine($"{path}: the routing overlay fits the compiled registry ({overlay.Models.Count} model(s) changed).");
            return 0;
        }
        catch (ModelConfigurationException exception)
        {
            // The very line the gateway prints when this overlay stops its start.
            error.WriteLine(GatewayStartupFailure.Describe(exception));
            return 1;
        }
    }

    private static int IndexOf(IReadOnlyList<string> args, string command)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], command, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
