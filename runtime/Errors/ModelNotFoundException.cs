namespace ModelRegistry;

/// <summary>
/// A provider or model that the registry does not know was asked for. The message names what was asked,
/// what exists and the closest match.
/// </summary>
public sealed class ModelNotFoundException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public ModelNotFoundException(string message, string requested, IReadOnlyList<string> available, string? suggestion)
        : base(message)
    {
        Requested = requested;
        Available = available;
        Suggestion = suggestion;
    }

    /// <summary>The provider or model id that was asked for.</summary>
    public string Requested { get; }

    /// <summary>The names that exist where <see cref="Requested"/> was looked up.</summary>
    public IReadOnlyList<string> Available { get; }

    /// <summary>The closest of <see cref="Available"/>, or <see langword="null"/> when none is close.</summary>
    public string? Suggestion { get; }
}
