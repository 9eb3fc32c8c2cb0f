namespace OrleansScrape.Abstractions.Messages;

public enum TargetHealth
{
    Unknown = 0,
    Up = 1,
    Down = 2,
}
