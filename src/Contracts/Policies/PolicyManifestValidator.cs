using System.Globalization;

namespace IndustrialSafeRL.Contracts.Policies;

/// <summary>Checks a manifest's internal consistency; each error starts with the field's JSON path.</summary>
internal static class PolicyManifestValidator
{
    public static IReadOnlyList<string> Validate(PolicyManifest m)
    {
        var errors = new List<string>();
        void Error(string field, string problem) => errors.Add($"{field}: {problem}");
        static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

        if (m.SchemaVersion is < 1 or > PolicyManifest.CurrentSchemaVersion)
        {
            Error("schemaVersion", $"must be between 1 and {PolicyManifest.CurrentSchemaVersion}, is {m.SchemaVersion}");
        }

        if (string.IsNullOrWhiteSpace(m.PolicyId))
        {
            Error("policyId", "must not be empty");
        }

        if (m.Version < 1)
        {
            Error("version", $"must be at least 1, is {m.Version}");
        }

        if (m.Onnx is null)
        {
            Error("onnx", "is required");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(m.Onnx.File) || m.Onnx.File.Contains('/', StringComparison.Ordinal) || m.Onnx.File.Contains('\\', StringComparison.Ordinal))
            {
                Error("onnx.file", $"must be a file name inside the package directory, is '{m.Onnx.File}'");
            }

            if (m.Onnx.Sha256 is null || m.Onnx.Sha256.Length != 64 || !m.Onnx.Sha256.All(Uri.IsHexDigit))
            {
                Error("onnx.sha256", "must be 64 hexadecimal digits");
            }

            if (m.Onnx.Opset < 7)
            {
                Error("onnx.opset", $"must be at least 7, is {m.Onnx.Opset}");
            }
        }

        var observationTags = m.Observation?.Tags?.Count ?? 0;
        var actionTags = m.Action?.Tags?.Count ?? 0;
        if (m.Observation is null)
        {
            Error("observation", "is required");
        }
        else
        {
            CheckTags(m.Observation.Tags, "observation.tags");
            if (m.Observation.HistoryLength < 1)
            {
                Error("observation.historyLength", $"must be at least 1, is {m.Observation.HistoryLength}");
            }

            CheckLength(m.Observation.Mean, observationTags, "observation.mean");
            CheckLength(m.Observation.Std, observationTags, "observation.std");
            for (var i = 0; i < (m.Observation.Std?.Count ?? 0); i++)
            {
                if (!(m.Observation.Std![i] > 0) || !double.IsFinite(m.Observation.Std[i]))
                {
                    Error($"observation.std[{i}]", $"must be a positive finite number, is {F(m.Observation.Std[i])}");
                }
            }

            for (var i = 0; i < (m.Observation.Mean?.Count ?? 0); i++)
            {
                if (!double.IsFinite(m.Observation.Mean![i]))
                {
                    Error($"observation.mean[{i}]", "must be finite");
                }
            }

            if (m.Observation.FrameOrder is not ("newest-first" or "oldest-first"))
            {
                Error("observation.frameOrder", $"must be 'newest-first' or 'oldest-first', is '{m.Observation.FrameOrder}'");
            }
        }

        if (m.Action is null)
        {
            Error("action", "is required");
        }
        else
        {
            CheckTags(m.Action.Tags, "action.tags");
            CheckLength(m.Action.Low, actionTags, "action.low");
            CheckLength(m.Action.High, actionTags, "action.high");
            CheckBounds(m.Action.Low, m.Action.High, "action");
        }

        CheckTensor(m.Input, "input", m.Observation is null ? null : [-1, m.Observation.HistoryLength, observationTags]);
        CheckTensor(m.Output, "output", [-1, actionTags]);
        if (m.GuideInput is not null)
        {
            CheckTensor(m.GuideInput, "guideInput", [-1, actionTags]);
            if (m.Guide is null)
            {
                Error("guide", "is required when guideInput is present");
            }
        }

        if (m.Guide is not null)
        {
            if (string.IsNullOrWhiteSpace(m.Guide.Kind))
            {
                Error("guide.kind", "must not be empty");
            }

            CheckLength(m.Guide.Tags?.Cast<object>().ToList(), actionTags, "guide.tags");
            CheckLength(m.Guide.DeviationBound, actionTags, "guide.deviationBound");
            for (var i = 0; i < (m.Guide.DeviationBound?.Count ?? 0); i++)
            {
                if (!(m.Guide.DeviationBound![i] >= 0))
                {
                    Error($"guide.deviationBound[{i}]", $"must be non-negative, is {F(m.Guide.DeviationBound[i])}");
                }
            }

            if (m.Guide.Law is { } law)
            {
                CheckLength(law.ObservationTags?.Cast<object>().ToList(), actionTags, "guide.law.observationTags");
                for (var i = 0; i < (law.ObservationTags?.Count ?? 0); i++)
                {
                    if (m.Observation?.Tags is { } tags && !tags.Contains(law.ObservationTags![i]))
                    {
                        Error($"guide.law.observationTags[{i}]", $"'{law.ObservationTags[i]}' is not an observation tag");
                    }
                }

                foreach (var (values, field) in new[] { (law.Targets, "targets"), (law.Kp, "kp"), (law.Ki, "ki"), (law.Kd, "kd") })
                {
                    CheckLength(values, actionTags, $"guide.law.{field}");
                    for (var i = 0; i < (values?.Count ?? 0); i++)
                    {
                        if (!double.IsFinite(values![i]))
                        {
                            Error($"guide.law.{field}[{i}]", $"must be finite, is {F(values[i])}");
                        }
                    }
                }
            }

            if (m.Guide.Confidence is { } box)
            {
                var count = box.Tags?.Count ?? 0;
                if (count == 0)
                {
                    Error("guide.confidence.tags", "must name at least one observation tag");
                }

                for (var i = 0; i < count; i++)
                {
                    if (m.Observation?.Tags is { } tags && !tags.Contains(box.Tags![i]))
                    {
                        Error($"guide.confidence.tags[{i}]", $"'{box.Tags[i]}' is not an observation tag");
                    }
                }

                CheckLength(box.Low, count, "guide.confidence.low");
                CheckLength(box.High, count, "guide.confidence.high");
                CheckLength(box.Ramp, count, "guide.confidence.ramp");
                for (var i = 0; i < count; i++)
                {
                    if (i < (box.Low?.Count ?? 0) && i < (box.High?.Count ?? 0) && !(double.IsFinite(box.Low![i]) && double.IsFinite(box.High![i]) && box.Low[i] <= box.High[i]))
                    {
                        Error($"guide.confidence.low[{i}]", $"must be finite and ≤ high[{i}], is {F(box.Low![i])} .. {F(box.High![i])}");
                    }

                    if (i < (box.Ramp?.Count ?? 0) && !(box.Ramp![i] > 0 && double.IsFinite(box.Ramp[i])))
                    {
                        Error($"guide.confidence.ramp[{i}]", $"must be positive and finite, is {F(box.Ramp[i])}");
                    }
                }
            }
        }

        if (m.DataSupport is null)
        {
            Error("dataSupport", "is required");
        }
        else
        {
            CheckTags(m.DataSupport.Tags, "dataSupport.tags");
            var count = m.DataSupport.Tags?.Count ?? 0;
            CheckLength(m.DataSupport.Low, count, "dataSupport.low");
            CheckLength(m.DataSupport.High, count, "dataSupport.high");
            CheckBounds(m.DataSupport.Low, m.DataSupport.High, "dataSupport", allowEqual: true);
            if (m.Observation?.Tags is not null && m.DataSupport.Tags is not null)
            {
                foreach (var (tag, i) in m.DataSupport.Tags.Select((t, i) => (t, i)))
                {
                    if (!m.Observation.Tags.Contains(tag))
                    {
                        Error($"dataSupport.tags[{i}]", $"'{tag}' is not an observation tag");
                    }
                }
            }
        }

        if (m.Training is null)
        {
            Error("training", "is required");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(m.Training.DatasetHash))
            {
                Error("training.datasetHash", "must not be empty");
            }

            if (m.Training.DatasetRows < 0)
            {
                Error("training.datasetRows", "must not be negative");
            }

            if (string.IsNullOrWhiteSpace(m.Training.TrainerVersion))
            {
                Error("training.trainerVersion", "must not be empty");
            }
        }

        if (m.TrustRegion is not null)
        {
            if (!(m.TrustRegion.MaxDivergence >= 0))
            {
                Error("trustRegion.maxDivergence", $"must be non-negative, is {F(m.TrustRegion.MaxDivergence)}");
            }

            if (!(m.TrustRegion.Epsilon > 0))
            {
                Error("trustRegion.epsilon", $"must be positive, is {F(m.TrustRegion.Epsilon)}");
            }

            if (!(m.TrustRegion.Sigma > 0))
            {
                Error("trustRegion.sigma", $"must be positive, is {F(m.TrustRegion.Sigma)}");
            }
        }

        var inputSize = m.Observation is null ? 0 : m.Observation.HistoryLength * observationTags;
        for (var i = 0; i < m.TestVectors.Count; i++)
        {
            var v = m.TestVectors[i];
            if (v.Input is null || v.Input.Count != inputSize)
            {
                Error($"testVectors[{i}].input", $"must hold {inputSize} values (historyLength × observation tags), holds {v.Input?.Count ?? 0}");
            }

            if (v.Output is null || v.Output.Count != actionTags)
            {
                Error($"testVectors[{i}].output", $"must hold {actionTags} values, holds {v.Output?.Count ?? 0}");
            }

            if (m.GuideInput is not null && (v.Guide is null || v.Guide.Count != actionTags))
            {
                Error($"testVectors[{i}].guide", $"must hold {actionTags} values because the policy has a guide input");
            }
        }

        return errors;

        void CheckTags(IReadOnlyList<string>? tags, string field)
        {
            if (tags is null || tags.Count == 0)
            {
                Error(field, "at least one tag is required");
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < tags.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(tags[i]))
                {
                    Error($"{field}[{i}]", "must not be empty");
                }
                else if (!seen.Add(tags[i]))
                {
                    Error($"{field}[{i}]", $"'{tags[i]}' appears twice");
                }
            }
        }

        void CheckLength<T>(IReadOnlyList<T>? values, int expected, string field)
        {
            if (values is null || values.Count != expected)
            {
                Error(field, $"must hold {expected} values (one per tag), holds {values?.Count ?? 0}");
            }
        }

        void CheckBounds(IReadOnlyList<double>? low, IReadOnlyList<double>? high, string field, bool allowEqual = false)
        {
            if (low is null || high is null)
            {
                return;
            }

            for (var i = 0; i < Math.Min(low.Count, high.Count); i++)
            {
                if (!double.IsFinite(low[i]) || !double.IsFinite(high[i]))
                {
                    Error($"{field}.low[{i}]/{field}.high[{i}]", "must be finite");
                }
                else if (allowEqual ? low[i] > high[i] : low[i] >= high[i])
                {
                    Error($"{field}.low[{i}]", $"({F(low[i])}) must be {(allowEqual ? "at most" : "below")} {field}.high[{i}] ({F(high[i])})");
                }
            }
        }

        void CheckTensor(TensorSpec? tensor, string field, int[]? expectedShape)
        {
            if (tensor is null)
            {
                Error(field, "is required");
                return;
            }

            if (string.IsNullOrWhiteSpace(tensor.Name))
            {
                Error($"{field}.name", "must not be empty");
            }

            if (tensor.ElementType != "float32")
            {
                Error($"{field}.elementType", $"must be 'float32', is '{tensor.ElementType}'");
            }

            if (expectedShape is not null && (tensor.Shape is null || !tensor.Shape.SequenceEqual(expectedShape)))
            {
                Error($"{field}.shape", $"must be [{string.Join(", ", expectedShape)}] for these tags, is [{string.Join(", ", tensor.Shape ?? [])}]");
            }
        }
    }
}
