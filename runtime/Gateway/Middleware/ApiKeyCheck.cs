using System.Security.Cryptography;
using System.Text;

namespace ModelRegistry.Gateway;

/// <summary>
/// Refuses a <c>/v1</c> request that does not send one of the configured keys as <c>Authorization: Bearer &lt;key&gt;</c>,
/// with OpenAI's 401 body. <c>/health</c> stays open so a load balancer can probe it without a key.
/// </summary>
internal sealed class ApiKeyCheck(IReadOnlyList<string> keys)
{
    private const string Scheme = "Bearer ";

    private readonly byte[][] _keys = keys.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Whether any key is configured; with none, the gateway asks for no authentication.</summary>
    public bool IsEnabled => _keys.Length > 0;

    /// <summary>Runs the rest of the pipeline for an authorized request, else answers 401.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        !context.Request.Path.StartsWithSegments("/v1") || IsAuthorized(context.Request.Headers.Authorization.ToString())
            ? next(context)
            : new OpenAIError(401, "Incorrect API key provided. Send 'Authorization: Bearer <key>' with a key from the gateway's configuration.",
                "invalid_request_error", "invalid_api_key").WriteResponseAsync(context);

    private bool IsAuthorized(string header)
    {
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] presented = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        // Compared with every key in constant time, so the answer's timing tells nothing about how close a guess was.
        bool match = false;
        foreach (byte[] key in _keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(presented, key);
        }

        return match;
    }
}
