namespace ModelRegistry.ProfileRefresh;

/// <summary>The command line of the refresh command (<see cref="Usage"/>).</summary>
internal sealed record RefreshOptions
{
    public const string Usage = """
        Writes or updates a ModelRegistry profile file from a provider's model list or a models.dev catalog.

        Usage:
          dotnet run --project tools/ProfileRefresh -- --provider <name> --out <profile.json> (--models <url|file> | --catalog <url|file> [--catalog-provider <id>]) [options]

        Sources (one):
          --models <url|file>         A GET /models answer: OpenRouter's rich shape (context_length, architecture, pricing,
                                      top_provider, supported_parameters) or the plain OpenAI shape (ids; vLLM's max_model_len).
          --catalog <url|file>        A models.dev api.json; --catalog-provider names its provider (default: --provider).

        Options:
          --provider <name>           The registry provider the file is for (written as "provider" in a new file).
          --out <profile.json>        The profile file to write; an existing one is merged into, never replaced.
          --api-key-env <VARIABLE>    Send "Authorization: Bearer" with the value of this environment variable (never printed).
          --keep-existing             A field the file already has keeps its value (default: the source's value wins).
          --prune                     Remove models the source no longer lists (default: keep them).
          --help                      This text.

        Hand-written fields the source does not give (aliases, routes, compatibility_options, fallbacks, ...) are always kept.
        """;

    public string? Provider { get; init; }

    public string? Output { get; init; }

    public string? Models { get; init; }

    public string? Catalog { get; init; }

    public string? CatalogProvider { get; init; }

    public string? ApiKeyVariable { get; init; }

    public bool KeepExisting { get; init; }

    public bool Prune { get; init; }

    public bool Help { get; init; }

    /// <summary>Parses <paramref name="args"/>; <paramref name="error"/> says what is wrong, or is <see langword="null"/>.</summary>
    public static RefreshOptions Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new RefreshOptions();
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }

                return null;
            }

            switch (arg)
            {
                case "--provider": options = options with { Provider = Value() ?? Missing(arg, ref error) }; break;
                case "--out": options = options with { Output = Value() ?? Missing(arg, ref error) }; break;
                case "--models": options = options with { Models = Value() ?? Missing(arg, ref error) }; break;
                case "--catalog": options = options with { Catalog = Value() ?? Missing(arg, ref error) }; break;
                case "--catalog-provider": options = options with { CatalogProvider = Value() ?? Missing(arg, ref error) }; break;
                case "--api-key-env": options = options with { ApiKeyVariable = Value() ?? Missing(arg, ref error) }; break;
                case "--keep-existing": options = options with { KeepExisting = true }; break;
                case "--prune": options = options with { Prune = true }; break;
                case "--help" or "-h": options = options with { Help = true }; break;
                default: error ??= $"Unknown argument '{arg}'."; break;
            }
        }

        if (error is null && !options.Help)
        {
            error = options.Provider is null ? "--provider is required."
                : options.Output is null ? "--out is required."
                : (options.Models is null) == (options.Catalog is null) ? "Give exactly one source: --models or --catalog."
                : null;
        }

        return options;
    }

    private static string? Missing(string option, ref string? error)
    {
        error ??= $"{option} needs a value.";
        return null;
    }
}
