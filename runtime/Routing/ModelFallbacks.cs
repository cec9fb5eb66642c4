namespace ModelRegistry;

/// <summary>
/// The fallback models of a model: the overlay's <c>fallbacks</c> when it names them, else the profile's (compiled as
/// canonical <c>provider:model</c> ids); how a written fallback id reads (a bare id is a model of the same provider); and
/// the overlay's checks that each names a compiled chat model, that an embedding model has none (another model's vectors
/// would not compare with those already stored: MR0030 at build time), and that no chain of fallbacks leads back to
/// where it started.
/// </summary>
internal static class ModelFallbacks
{
    /// <summary>The fallback ids of <paramref name="profile"/> as written, the overlay's winning over the profile's.</summary>
    public static IReadOnlyList<string> Of(ModelProfile profile, RoutingOverlay? overlay) =>
        overlay?.Find(profile.Provider, profile.Model)?.Fallbacks ?? (IReadOnlyList<string>)(profile.Fallbacks.IsDefault ? [] : profile.Fallbacks);

    /// <summary>A written fallback as <c>provider:model</c>: a bare model id belongs to <paramref name="provider"/>.</summary>
    public static string Qualify(string provider, string fallback) =>
        fallback.Contains(':', StringComparison.Ordinal) ? fallback : provider + ":" + fallback;

    /// <summary>The overlay's fallback problems: fallbacks on an embedding model, a fallback that is not a compiled chat
    /// model, and a cycle.</summary>
    public static IEnumerable<string> Validate(RoutingOverlay overlay, Func<string, string, ModelProfile?> findProfile)
    {
        var problems = new List<string>();
        foreach ((string key, RoutingOverlayModel entry) in overlay.Models)
        {
            if (entry.Fallbacks is null || Find(key, findProfile) is not { } profile)
            {
                continue;
            }

            if (profile.Kind == ModelKind.Embedding)
            {
                if (entry.Fallbacks.Count > 0)
                {
                    problems.Add($"{overlay.Source}: '{key}' is an embedding model, so its fallbacks cannot apply: another model's vectors lie in a " +
                        "different space and would not compare with the vectors already stored. Remove 'fallbacks' and give it several routes that serve the same model instead.");
                }

                continue;
            }

            foreach (string fallback in entry.Fallbacks)
            {
                string id = Qualify(profile.Provider, fallback);
                if (Find(id, findProfile) is not { } target)
                {
                    problems.Add($"{overlay.Source}: fallback '{fallback}' of '{key}' is not a compiled model (write it as provider:model).");
                }
                else if (target.Kind == ModelKind.Embedding)
                {
                    problems.Add($"{overlay.Source}: fallback '{fallback}' of '{key}' is an embedding model, which answers no chat call; name a chat model.");
                }
            }

            if (FindCycle(profile, overlay, findProfile) is { } cycle)
            {
                problems.Add($"{overlay.Source}: the fallbacks of '{key}' lead back to a model already tried ({string.Join(" -> ", cycle)}); remove one of them.");
            }
        }

        return problems;
    }

    /// <summary>The first chain of fallbacks from <paramref name="start"/> that comes back to a model on it, or <see langword="null"/>.</summary>
    public static IReadOnlyList<string>? FindCycle(ModelProfile start, RoutingOverlay? overlay, Func<string, string, ModelProfile?> findProfile)
    {
        var path = new List<string>();
        return Visit(start);

        IReadOnlyList<string>? Visit(ModelProfile profile)
        {
            string id = profile.Provider + ":" + profile.Model;
            int seen = path.FindIndex(p => string.Equals(p, id, StringComparison.OrdinalIgnoreCase));
            if (seen >= 0)
            {
                return [.. path.Skip(seen), id];
            }

            path.Add(id);
            foreach (string fallback in Of(profile, overlay))
            {
                if (Find(Qualify(profile.Provider, fallback), findProfile) is { } next && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    private static ModelProfile? Find(string id, Func<string, string, ModelProfile?> findProfile)
    {
        int colon = id.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < id.Length - 1 ? findProfile(id[..colon], id[(colon + 1)..]) : null;
    }
}
