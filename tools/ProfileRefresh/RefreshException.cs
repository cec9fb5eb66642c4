namespace ModelRegistry.ProfileRefresh;

/// <summary>A problem the command reports in one line and exits non-zero for (never with a key in it).</summary>
internal sealed class RefreshException(string message) : Exception(message);
