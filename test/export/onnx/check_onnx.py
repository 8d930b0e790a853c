# ONNX's own validator over exported models: onnx.checker with full_check (the graph, every node
# against its operator's schema at the model's opset, and shape inference), then strict shape
# inference, which must give every output a shape. One line per file: "ok NAME dims..." or
# "FAIL NAME: why"; exit 1 if any failed. Run by test/export/onnx/checker.test.ts with a Python
# that has the onnx package (Debian's python3-onnx).
import sys

import onnx
from onnx import checker, shape_inference

failed = 0
for path in sys.argv[1:]:
    name = path.rsplit('/', 1)[-1]
    try:
        model = onnx.load(path)
        checker.check_model(model, full_check=True)
        inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        shapes = []
        for output in inferred.graph.output:
            dims = output.type.tensor_type.shape.dim
            if not dims:
                raise ValueError(f'output {output.name} has no inferred shape')
            shapes.append('x'.join(d.dim_param or str(d.dim_value) for d in dims))
        print('ok', name, ' '.join(shapes))
    except Exception as e:  # the validator's own message, first line
        failed += 1
        print('FAIL', f'{name}:', str(e).strip().splitlines()[0][:500])
sys.exit(1 if failed else 0)
