namespace SpanNet.Comparison.Peers;

/// <summary>
/// An ONNX model of a SpanNet sigmoid network, written as protobuf bytes by hand (no protobuf or
/// ONNX package): per layer, Gemm(a, W, b, transB = 1) then Sigmoid, with W (s_{l+1} × s_l) and
/// b (s_{l+1}) as initializers cut from Θ(l), whose column 0 is the bias. Input "x" is
/// [1, s_1], output "y" is [1, s_L].
/// </summary>
internal static class OnnxModel
{
    public const string InputName = "x";
    public const string OutputName = "y";

    // onnx.proto field numbers of the messages used here.
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelGraph = 7, ModelOpsetImport = 8;
    private const int OpsetVersion = 2;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttributeName = 1, AttributeInt = 3, AttributeType = 20;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    private const int ValueInfoName = 1, ValueInfoType = 2;
    private const int TypeTensorType = 1, TensorTypeElemType = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimensionValue = 1;

    private const int FloatType = 1;     // TensorProto.DataType.FLOAT
    private const int IntAttribute = 2;  // AttributeProto.AttributeType.INT
    private const int IrVersion = 8;     // IR_VERSION_2021_7_30, readable by every ONNX Runtime since 1.10
    private const int Opset = 13;        // Gemm-13 and Sigmoid-13 are the current definitions

    /// <summary>The serialized ModelProto for <paramref name="model"/>'s architecture and parameters.</summary>
    public static byte[] Build(SpanNet.Models.Model model)
    {
        var architecture = model.Architecture;
        ReadOnlySpan<float> parameters = model.Parameters;
        int layers = architecture.ThetaCount;

        var graph = new ProtobufWriter().String(GraphName, "spannet");
        string activation = InputName;
        for (int l = 0; l < layers; l++)
        {
            int rows = architecture.ThetaRows(l), columns = architecture.ThetaColumns(l);
            ReadOnlySpan<float> theta = parameters.Slice(architecture.ThetaOffset(l), rows * columns);
            float[] weights = new float[rows * (columns - 1)];
            float[] bias = new float[rows];
            for (int i = 0; i < rows; i++)
            {
                bias[i] = theta[i * columns];
                theta.Slice((i * columns) + 1, columns - 1).CopyTo(weights.AsSpan(i * (columns - 1)));
            }

            string w = $"W{l + 1}", b = $"b{l + 1}", z = $"z{l + 2}";
            string a = l == layers - 1 ? OutputName : $"a{l + 2}";
            graph.Message(GraphInitializer, t => Tensor(t, w, weights, rows, columns - 1));
            graph.Message(GraphInitializer, t => Tensor(t, b, bias, rows));
            string input = activation;
            graph.Message(GraphNode, n => n
                .String(NodeInput, input).String(NodeInput, w).String(NodeInput, b)
                .String(NodeOutput, z).String(NodeName, $"gemm{l + 1}").String(NodeOpType, "Gemm")
                .Message(NodeAttribute, attribute => attribute.String(AttributeName, "transB").Int64(AttributeInt, 1).Int64(AttributeType, IntAttribute)));
            graph.Message(GraphNode, n => n.String(NodeInput, z).String(NodeOutput, a).String(NodeName, $"sigmoid{l + 1}").String(NodeOpType, "Sigmoid"));
            activation = a;
        }

        graph.Message(GraphInput, v => ValueInfo(v, InputName, architecture.InputCount));
        graph.Message(GraphOutput, v => ValueInfo(v, OutputName, architecture.OutputCount));

        // ModelProto: the default ("ai.onnx") opset 13, then the graph as an embedded message.
        return new ProtobufWriter()
            .Int64(ModelIrVersion, IrVersion)
            .String(ModelProducerName, "SpanNet.Comparison")
            .Bytes(ModelGraph, graph.ToArray())
            .Message(ModelOpsetImport, opset => opset.Int64(OpsetVersion, Opset))
            .ToArray();
    }

    private static void Tensor(ProtobufWriter tensor, string name, float[] values, params int[] dims)
    {
        foreach (int dim in dims)
        {
            tensor.Int64(TensorDims, dim);
        }

        tensor.Int64(TensorDataType, FloatType).String(TensorName, name).FloatsAsBytes(TensorRawData, values);
    }

    /// <summary>A float tensor of shape [1, <paramref name="width"/>].</summary>
    private static void ValueInfo(ProtobufWriter valueInfo, string name, int width) => valueInfo
        .String(ValueInfoName, name)
        .Message(ValueInfoType, type => type.Message(TypeTensorType, tensor => tensor
            .Int64(TensorTypeElemType, FloatType)
            .Message(TensorTypeShape, shape => shape
                .Message(ShapeDim, d => d.Int64(DimensionValue, 1))
                .Message(ShapeDim, d => d.Int64(DimensionValue, width)))));
}
