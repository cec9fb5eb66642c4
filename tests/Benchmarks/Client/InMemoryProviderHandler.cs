using System.Net;
using System.Net.Http.Headers;

namespace Benchmarks.Client;

/// <summary>
/// Answers every request with the same bytes from memory, as a server would send them (the body is read as a stream,
/// not handed over as a buffer), so a client benchmark measures the client and not the network. The request body is
/// read to the end, as a socket handler would send it.
/// </summary>
public sealed class InMemoryProviderHandler(byte[] body, string mediaType) : HttpMessageHandler
{
    private readonly MediaTypeHeaderValue _contentType = new(mediaType);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StreamContent(new MemoryStream(body, writable: false)),
        };
        response.Content.Headers.ContentType = _contentType;
        return response;
    }
}
