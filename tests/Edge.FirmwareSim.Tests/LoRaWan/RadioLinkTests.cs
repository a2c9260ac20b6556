using Edge.FirmwareSim.LoRaWan;

namespace Edge.FirmwareSim.Tests.LoRaWan;

public sealed class RadioLinkTests
{
    [Fact]
    public void Next_ManyFrames_StaysInsideTheContractRangesAndIsDeterministic()
    {
        var first = new RadioLink(seed: 9, deviceIndex: 3);
        var second = new RadioLink(seed: 9, deviceIndex: 3);
        for (var frame = 0; frame < 50_000; frame++)
        {
            var receptions = first.Next();
            Assert.Equal(receptions, second.Next());
            Assert.Equal(2, receptions.Count);
            Assert.All(receptions, reception =>
            {
                Assert.InRange(reception.RssiDbm, -150, 0);
                Assert.InRange(reception.SnrDb, -40, 40);
            });
            Assert.True(receptions[0].RssiDbm >= receptions[1].RssiDbm - 8, "the near gateway is usually the stronger");
        }
    }
}
