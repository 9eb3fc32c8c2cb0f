namespace OrleansScrape.Otlp.Tests.Support;

internal static class Eventually
{
    /// <summary>Waits until the condition holds, failing the test after the timeout.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what, double timeoutSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }
            await Task.Delay(10);
        }
    }
}
