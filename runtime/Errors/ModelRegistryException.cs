namespace ModelRegistry;

/// <summary>The base of every exception ModelRegistry throws on its own account.</summary>
public class ModelRegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelRegistryException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public ModelRegistryException(string message, Exception? innerException) : base(message, innerException) { }
}
