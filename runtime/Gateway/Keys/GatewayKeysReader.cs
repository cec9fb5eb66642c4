using System.Globalization;

namespace ModelRegistry.Gateway;

/// <summary>
/// Reads and checks <c>Gateway:Keys</c> and <c>Gateway:AdminKey</c> once at start-up, against the served models. Every
/// problem is an <see cref="InvalidOperationException"/> naming the configuration path (and an environment variable a
/// key comes from), never a key's value.
/// </summary>
internal static class GatewayKeysReader
{
    private static readonly string[] Settings = ["Key", "Models", "RequestsPerMinute", "TokensPerMinute", "BudgetUsd", "BudgetPeriod"];

    /// <exception cref="InvalidOperationException">A setting is missing or invalid.</exception>
    public static GatewayKeys Read(IConfiguration configuration, GatewayOptions options, ModelCatalog catalog)
    {
        IConfigurationSection gateway = configuration.GetSection("Gateway");
        var named = new List<(GatewayKey Key, string Secret)>();
        // Which path holds each secret, so that a key configured twice is reported by its paths.
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < options.ApiKeys.Count; i++)
        {
            owners.TryAdd(options.ApiKeys[i], "Gateway:ApiKeys");
        }

        foreach (IConfigurationSection section in gateway.GetSection("Keys").GetChildren())
        {
            (GatewayKey key, string secret) = ReadKey(section, catalog);
            if (!owners.TryAdd(secret, section.Path))
            {
                throw new InvalidOperationException($"{section.Path}:Key is the same key as {owners[secret]}; every key must be different.");
            }

            named.Add((key, secret));
        }

        string? admin = Secret(gateway, "AdminKey", required: false);
        if (admin is not null && owners.TryGetValue(admin, out string? clash))
        {
            throw new InvalidOperationException($"Gateway:AdminKey is the same key as {clash}; the admin key must be a key of its own.");
        }

        return new GatewayKeys(options.ApiKeys, named, admin);
    }

    private static (GatewayKey Key, string Secret) ReadKey(IConfigurationSection section, ModelCatalog catalog)
    {
        string path = section.Path;
        if (!IsValidName(section.Key))
        {
            throw new InvalidOperationException($"{path}: a key's name may hold only ASCII letters, digits, '-', '_' and '.'.");
        }

        if (section.Value is not null && !section.GetChildren().Any())
        {
            throw new InvalidOperationException($"{path} must be an object with a 'Key' (and optionally {string.Join(", ", Settings.Skip(1))}).");
        }

        foreach (IConfigurationSection setting in section.GetChildren())
        {
            if (!Settings.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{setting.Path} is not a setting of a key; a key has {string.Join(", ", Settings)}.");
            }
        }

        string secret = Secret(section, "Key", required: true)!;
        int? requests = Integer(section, "RequestsPerMinute");
        int? tokens = Integer(section, "TokensPerMinute");
        decimal? budget = null;
        if (section["BudgetUsd"] is { Length: > 0 } budgetText)
        {
            budget = decimal.TryParse(budgetText, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal usd) && usd > 0
                ? usd
                : throw new InvalidOperationException($"{path}:BudgetUsd must be a positive number of US dollars, such as 25 or 0.5.");
        }

        BudgetPeriod period = BudgetPeriod.Month;
        if (section["BudgetPeriod"] is { Length: > 0 } periodText)
        {
            if (!BudgetPeriods.TryParse(periodText, out period))
            {
                throw new InvalidOperationException($"{path}:BudgetPeriod must be one of {string.Join(", ", BudgetPeriods.Names)}.");
            }

            if (budget is null)
            {
                throw new InvalidOperationException($"{path}:BudgetPeriod is set without {path}:BudgetUsd; set both, or neither.");
            }
        }

        return (new GatewayKey(section.Key, Models(section, catalog), requests, tokens, budget, period), secret);
    }

    /// <summary>The served ids a key may call (aliases and bare ids resolved), or <see langword="null"/> for all.</summary>
    private static HashSet<string>? Models(IConfigurationSection key, ModelCatalog catalog)
    {
        IConfigurationSection section = key.GetSection("Models");
        if (!section.Exists())
        {
            return null;
        }

        // A comma-separated string (as an environment variable gives it) or a JSON array.
        List<string> names = section.Value is { Length: > 0 } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [.. section.GetChildren().Select(c => c.Value?.Trim() ?? "").Where(v => v.Length > 0)];
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"{section.Path} lists no model; remove it to allow every model.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (catalog.TryFind(name, out ServedModel model))
            {
                ids.Add(model.Id);
            }
            else if (!catalog.Unavailable.Any(u => string.Equals(u.Id, name, StringComparison.OrdinalIgnoreCase)))
            {
                // A model OFFLOAD=1 left without routes is not an error: it is allowed again once it is served.
                throw new InvalidOperationException($"{section.Path}: '{name}' is not a served model or alias; served: {string.Join(", ", catalog.Ids)}.");
            }
        }

        return ids;
    }

    /// <summary>A key's value: the setting itself, or the environment variable <c>${NAME}</c> names.</summary>
    private static string? Secret(IConfigurationSection section, string name, bool required)
    {
        string? value = section[name]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return required ? throw new InvalidOperationException($"{section.Path}:{name} is missing; set it in configuration or the environment ({EnvironmentName(section.Path, name)}).") : null;
        }

        if (value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}'))
        {
            string variable = value[2..^1];
            value = Environment.GetEnvironmentVariable(variable)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                throw new InvalidOperationException($"{section.Path}:{name} names the environment variable {variable}, which is not set.");
            }
        }

        return value;
    }

    private static string EnvironmentName(string path, string name) => (path + ":" + name).Replace(":", "__", StringComparison.Ordinal);

    private static int? Integer(IConfigurationSection section, string name) =>
        section[name] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
                ? value
                : throw new InvalidOperationException($"{section.Path}:{name} must be a positive whole number.")
            : null;

    private static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
