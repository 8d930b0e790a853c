// ONNX's protobuf encoding of a model (model.ts) through protobufjs, loaded only here, when a
// command asks for it (start-up: the table path never pulls it in).

import { ONNX_DESCRIPTOR } from './onnx-proto.js';
import type { ModelData } from './model.js';

export async function encodeModel(model: ModelData): Promise<Uint8Array> {
  const { default: protobuf } = await import('protobufjs/light.js');
  const type = protobuf.Root.fromJSON(ONNX_DESCRIPTOR as unknown as protobuf.INamespace).lookupType('onnx.ModelProto');
  return type.encode(model as unknown as Record<string, unknown>).finish();
}
