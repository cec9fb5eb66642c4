using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace HostedSample;

/// <summary>The tools the model may call, computed here in C#: the player's name (from configuration) and a die roll.</summary>
public sealed class DiceTools(IConfiguration configuration)
{
    private readonly List<int> _rolls = [];

    /// <summary>Every roll so far, in order: what the model was told.</summary>
    public IReadOnlyList<int> Rolls => _rolls;

    /// <summary>The functions, as <see cref="ChatOptions.Tools"/> takes them.</summary>
    public IList<AITool> AsTools() =>
    [
        AIFunctionFactory.Create(GetPlayerName, "get_player_name", "Gets the name of the player."),
        AIFunctionFactory.Create(RollDice, "roll_dice", "Rolls a die and returns the number it shows."),
    ];

    private string GetPlayerName() => configuration["DiceGame:PlayerName"] ?? Environment.UserName;

    private int RollDice([Description("How many sides the die has; 6 unless the player asked for another.")] int sides = 6)
    {
        int roll = Random.Shared.Next(1, Math.Max(sides, 1) + 1);
        lock (_rolls)
        {
            _rolls.Add(roll);
        }

        return roll;
    }
}
