namespace ModelRegistry.Gateway;

/// <summary>
/// Everything the gateway serves under one overlay: the loaded models, their names and aliases, the models left
/// unserved, and which overlay they came from. Never changed once built: a reload builds new contents and swaps them
/// in whole, so a request that found its model in one keeps that model's routes until it ends.
/// </summary>
internal sealed class CatalogContents(
    List<ServedModel> models, Dictionary<string, ServedModel> byName, List<UnavailableModel> unavailable, LiveOverlay overlay) : IDisposable
{
    public IReadOnlyList<ServedModel> Models => models;

    public IReadOnlyList<UnavailableModel> Unavailable => unavailable;

    /// <summary>The overlay these models were loaded with.</summary>
    public LiveOverlay Overlay => overlay;

    public bool TryFind(string name, out ServedModel model) => byName.TryGetValue(name, out model!);

    /// <summary>Disposes the clients of every model.</summary>
    public void Dispose()
    {
        foreach (ServedModel model in models)
        {
            model.Client.Dispose();
        }
    }
}
