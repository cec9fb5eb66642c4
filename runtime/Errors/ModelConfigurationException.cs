namespace ModelRegistry;

/// <summary>
/// A model could not be loaded because its configuration is missing or invalid (an endpoint, a key,
/// an environment variable, a configuration key). The message names the variable or setting to fix; it never contains a key.
/// </summary>
public sealed class ModelConfigurationException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public ModelConfigurationException(string message, string provider, string? variableName, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        VariableName = variableName;
    }

    /// <summary>The provider being loaded.</summary>
    public string Provider { get; }

    /// <summary>The environment variable to set or fix, when one applies.</summary>
    public string? VariableName { get; }

    /// <summary>The configuration key to set or fix (for example <c>ModelRegistry:Providers:vllm:Timeout</c>), when the
    /// problem is in the configuration that <c>AddModelRegistry</c> reads.</summary>
    public string? ConfigurationPath { get; init; }
}
