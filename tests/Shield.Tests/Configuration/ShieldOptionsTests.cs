using IndustrialSafeRL.Shield.Configuration;
using Microsoft.Extensions.Configuration;

namespace IndustrialSafeRL.Shield.Tests.Configuration;

public sealed class ShieldOptionsTests
{
    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new ShieldOptions();
        Assert.Equal(100, options.InterventionWindowCycles);
        Assert.Equal(25, options.MaxInterventionsInWindow);
        Assert.Equal(0.1, options.DataSupportMargin);
        Assert.Equal(OutOfSupportBehaviour.Shed, options.OutOfSupport);
        var actuator = new ActuatorLimits();
        Assert.True(double.IsNaN(actuator.Min));
        Assert.True(double.IsNaN(actuator.Max));
        Assert.Equal(double.PositiveInfinity, actuator.MaxMovePerCycle);
        Assert.False(actuator.IsIncrement);
    }

    [Fact]
    public void Binds_from_json_configuration_in_action_order()
    {
        var json = """
        {
          "Shield": {
            "Actuators": [
              { "Tag": "delta_velocity", "Min": -1, "Max": 1, "IsIncrement": true },
              { "Tag": "delta_gain", "Min": -1, "Max": 1, "MaxMovePerCycle": 0.5, "OperatorMin": -0.5, "OperatorMax": 0.5 },
              { "Tag": "a_shift", "Min": -1, "Max": 1 }
            ],
            "InterventionWindowCycles": 50,
            "MaxInterventionsInWindow": 10,
            "DataSupportMargin": 0.2,
            "OutOfSupport": "Hold"
          }
        }
        """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        var options = configuration.GetSection(ShieldOptions.SectionName).Get<ShieldOptions>()!;

        Assert.Empty(options.Validate());
        Assert.Equal(["delta_velocity", "delta_gain", "a_shift"], options.Actuators.Select(a => a.Tag));
        Assert.True(options.Actuators[0].IsIncrement);
        Assert.Equal(0.5, options.Actuators[1].MaxMovePerCycle);
        Assert.Equal(-0.5, options.Actuators[1].OperatorMin);
        Assert.Equal(double.PositiveInfinity, options.Actuators[2].MaxMovePerCycle);
        Assert.Null(options.Actuators[2].OperatorMax);
        Assert.Equal(50, options.InterventionWindowCycles);
        Assert.Equal(10, options.MaxInterventionsInWindow);
        Assert.Equal(0.2, options.DataSupportMargin);
        Assert.Equal(OutOfSupportBehaviour.Hold, options.OutOfSupport);
    }

    [Fact]
    public void Validation_names_every_offending_field()
    {
        var options = new ShieldOptions
        {
            Actuators =
            [
                new ActuatorLimits { Tag = "delta_gain", Min = 0.5, Max = -0.5 },
                new ActuatorLimits { Tag = "delta_shift", Max = 1, MaxMovePerCycle = 0 },
                new ActuatorLimits { Tag = "delta_gain", Min = -1, Max = 1, OperatorMax = 2 },
                new ActuatorLimits { Min = 0, Max = 1, OperatorMin = 0.8, OperatorMax = 0.2 },
            ],
            InterventionWindowCycles = 10,
            MaxInterventionsInWindow = 11,
            DataSupportMargin = -0.1,
            OutOfSupport = (OutOfSupportBehaviour)7,
        };

        var errors = options.Validate();

        Assert.Equal(
            [
                "Shield:Actuators:delta_gain: Min (0.5) > Max (-0.5)",
                "Shield:Actuators:delta_shift: Min is required (a finite number)",
                "Shield:Actuators:delta_shift: MaxMovePerCycle (0) must be > 0 (PositiveInfinity = no rate limit)",
                "Shield:Actuators:delta_gain: Tag appears more than once",
                "Shield:Actuators:delta_gain: OperatorMax (2) must be a finite number ≤ Max (1)",
                "Shield:Actuators:3: Tag is required",
                "Shield:Actuators:3: OperatorMin (0.8) > OperatorMax (0.2)",
                "Shield:MaxInterventionsInWindow: 11 must be in [1, InterventionWindowCycles (10)]",
                "Shield:DataSupportMargin: -0.1 must be a finite number ≥ 0",
                "Shield:OutOfSupport: 7 is not one of Shed, Hold",
            ],
            errors);
        var ex = Assert.Throws<ArgumentException>(() => new ActionShield(options, ShieldSetups.WideEnvelope()));
        Assert.Contains("Shield:Actuators:delta_gain: Min (0.5) > Max (-0.5)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_actuators_is_an_error()
    {
        Assert.Equal(["Shield:Actuators: at least one actuator is required"], new ShieldOptions().Validate());
    }
}
