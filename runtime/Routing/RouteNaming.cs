using System.Collections.Immutable;
using System.Globalization;

namespace ModelRegistry;

/// <summary>
/// Names the routes of a profile for logs, metrics, health and the overlay: the provider's name, or the base URL's
/// host and port for a route without one (the variable of a <c>${NAME}</c> base URL); a name used twice gets <c>#2</c>, <c>#3</c>… after it.
/// </summary>
internal static class RouteNaming
{
    /// <summary>The names of <paramref name="routes"/>, in order.</summary>
    public static IReadOnlyList<string> Names(ImmutableArray<ModelRoute> routes)
    {
        var names = new List<string>(routes.Length);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (ModelRoute route in routes)
        {
            string name = route.Provider
                ?? (route.BaseUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) ? uri.Authority
                    : route.BaseUrl is { } reference && IsWholeReference(reference) ? reference[2..^1] : "route");
            int count = seen.TryGetValue(name, out int before) ? before + 1 : 1;
            seen[name] = count;
            names.Add(count == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}#{count}"));
        }

        return names;
    }

    /// <summary>Whether a base URL is one <c>${NAME}</c> reference (resolved at load): the route is then named by the variable.</summary>
    private static bool IsWholeReference(string value) =>
        value.Length > 3 && value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}') && value.IndexOf('}', 2) == value.Length - 1;
}
