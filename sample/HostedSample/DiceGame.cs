using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace HostedSample;

/// <summary>
/// Asks the model to greet the player and roll a die. The chat client is the keyed one <c>AddModelRegistry</c> registered
/// for the profiled model, injected by the container; its pipeline (function invocation, OpenTelemetry) comes from
/// <c>ConfigureChatClient</c>, so the tools' calls run here, in process, between the model's two answers.
/// </summary>
public sealed class DiceGame([FromKeyedServices(HostedSampleApp.Model)] IChatClient chat, DiceTools tools)
{
    public async Task<string> PlayAsync(CancellationToken cancellationToken = default)
    {
        var options = new ChatOptions { Tools = tools.AsTools() };
        ChatResponse response = await chat.GetResponseAsync(
            "Let's play a game: find out my name, roll the die for me, then tell me what I rolled.", options, cancellationToken);
        return response.Text;
    }
}
