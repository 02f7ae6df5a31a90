using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Torch;

/// <summary>The address of a tensor's elements, for loops that work on them in place (the rollout's fused kernels).
/// Only for dense CPU tensors of the expected element type: anything else is refused, naming the tensor, so a kernel
/// never reads a strided view as if it were dense.</summary>
internal static unsafe partial class TensorMemory
{
    /// <summary>First float32 element of a contiguous CPU tensor (its storage offset included).</summary>
    public static float* Floats(Tensor tensor, string name)
    {
        Require(tensor, ScalarType.Float32, name);
        return (float*)Address(tensor, name);
    }

    /// <summary>First byte of a contiguous CPU uint8 tensor.</summary>
    public static byte* Bytes(Tensor tensor, string name)
    {
        Require(tensor, ScalarType.Byte, name);
        return (byte*)Address(tensor, name);
    }

    /// <summary>Refuses a tensor whose shape is not <paramref name="shape"/>: a kernel indexes raw memory by it.</summary>
    public static void RequireShape(Tensor tensor, string name, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.shape.SequenceEqual(shape))
        {
            throw new ArgumentException($"{name}: shape [{string.Join(", ", tensor.shape)}], expected [{string.Join(", ", shape)}]", name);
        }
    }

    private static void Require(Tensor tensor, ScalarType type, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dtype != type || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException($"{name}: a contiguous CPU {type} tensor is needed, got {tensor.dtype} on {tensor.device_type}, contiguous {tensor.is_contiguous()}", name);
        }
    }

    private static nint Address(Tensor tensor, string name)
    {
        // The public Tensor.bytes span costs ≈ 0.2 µs per call; the native accessor it wraps ≈ 0.01 µs.
        var address = Data(tensor.Handle);
        GC.KeepAlive(tensor);
        return address != 0 || tensor.numel() == 0 ? address : throw new InvalidOperationException($"{name}: libtorch gave no data address");
    }

    [LibraryImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
    private static partial nint Data(nint tensor);
}
