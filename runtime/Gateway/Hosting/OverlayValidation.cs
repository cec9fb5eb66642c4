namespace ModelRegistry.Gateway;

/// <summary>The overlay check of the gateway's start-up (and of every reload), shared with <c>--check-overlay</c>
/// (<see cref="GatewayCommands"/>) so that a check before deploying fails with exactly the start-up's message.</summary>
internal static class OverlayValidation
{
    /// <summary>Throws the start-up's error when <paramref name="overlay"/> does not fit <paramref name="registry"/>.</summary>
    /// <exception cref="ModelConfigurationException">Every problem <see cref="RoutingOverlay.Validate"/> finds, one per line.</exception>
    public static void ThrowIfInvalid(RoutingOverlay? overlay, IModelRegistry registry)
    {
        if (overlay?.Validate((provider, model) => registry.TryGetProfile(provider, model, out ModelProfile? profile) ? profile : null) is { Count: > 0 } problems)
        {
            throw new ModelConfigurationException(string.Join(Environment.NewLine, problems), "overlay", RoutingOverlay.PathVariable);
        }
    }

    /// <summary>Reads and validates the overlay file at <paramref name="path"/> as the gateway does at start-up.</summary>
    /// <exception cref="ModelConfigurationException">The file cannot be read, is not a valid overlay, or does not fit.</exception>
    public static RoutingOverlay Load(string path, IModelRegistry registry)
    {
        RoutingOverlay overlay = RoutingOverlay.Parse(RoutingOverlay.ReadFile(path), path);
        ThrowIfInvalid(overlay, registry);
        return overlay;
    }
}
