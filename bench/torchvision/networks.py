"""The networks the v3 examples reproduce: name -> how torchvision (or unet.py) builds it, its input,
and the mode it runs in."""

from dataclasses import dataclass, field
from typing import Callable

import torchvision.models as tvm
import torchvision.models.segmentation as seg

import segnet
import unet


@dataclass
class Network:
    build: Callable
    input: tuple  # (channels, height, width)
    train_mode: bool = False
    notes: list = field(default_factory=list)
    weights_enum: str = ""  # torchvision's weights whose meta["num_params"] is a second source
    meta_build: Callable = None  # the variant those weights are for, where it is not this one


def classifier(builder, side, weights_enum, **kwargs):
    return Network(lambda: builder(weights=None, **kwargs), (3, side, side), weights_enum=weights_enum)


def segmenter(builder, weights_enum, with_aux=True, **kwargs):
    notes = ["output 'out' (an OrderedDict with that one key); no aux head"]
    if with_aux:
        notes.append("torchvision's meta num_params counts the aux head its weights carry (aux_loss=True)")
    return Network(
        lambda: builder(weights=None, weights_backbone=None, **kwargs), (3, 520, 520), notes=notes,
        weights_enum=weights_enum,
        meta_build=(lambda: builder(weights=None, weights_backbone=None, aux_loss=True)) if with_aux else None)


NETWORKS = {
    "mobilenet_v3_large": classifier(tvm.mobilenet_v3_large, 224, "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    "mobilenet_v3_small": classifier(tvm.mobilenet_v3_small, 224, "MobileNet_V3_Small_Weights.IMAGENET1K_V1"),
    "mobilenet_v2": classifier(tvm.mobilenet_v2, 224, "MobileNet_V2_Weights.IMAGENET1K_V1"),
    "efficientnet_b0": classifier(tvm.efficientnet_b0, 224, "EfficientNet_B0_Weights.IMAGENET1K_V1"),
    "efficientnet_b3": classifier(tvm.efficientnet_b3, 300, "EfficientNet_B3_Weights.IMAGENET1K_V1"),
    "efficientnet_v2_s": classifier(tvm.efficientnet_v2_s, 384, "EfficientNet_V2_S_Weights.IMAGENET1K_V1"),
    "regnet_y_400mf": classifier(tvm.regnet_y_400mf, 224, "RegNet_Y_400MF_Weights.IMAGENET1K_V1"),
    "regnet_y_1_6gf": classifier(tvm.regnet_y_1_6gf, 224, "RegNet_Y_1_6GF_Weights.IMAGENET1K_V1"),
    "convnext_tiny": classifier(tvm.convnext_tiny, 224, "ConvNeXt_Tiny_Weights.IMAGENET1K_V1"),
    "shufflenet_v2_x1_0": classifier(tvm.shufflenet_v2_x1_0, 224, "ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1"),
    "inception_v3": Network(
        lambda: tvm.inception_v3(weights=None, aux_logits=False, init_weights=False), (3, 299, 299),
        notes=["aux_logits=False: no AuxLogits module; meta num_params counts it"],
        weights_enum="Inception_V3_Weights.IMAGENET1K_V1",
        meta_build=lambda: tvm.inception_v3(weights=None, aux_logits=True, init_weights=False)),
    "googlenet_aux": Network(
        lambda: tvm.googlenet(weights=None, aux_logits=True, init_weights=False), (3, 224, 224), train_mode=True,
        notes=["train mode, so that aux1 and aux2 run (dropout and batch statistics are live; figures are "
               "not affected)",
               "output GoogLeNetOutputs(logits, aux_logits2, aux_logits1): logits (index 0) is the main "
               "output; aux1 branches off after inception4a, aux2 after inception4d",
               "meta num_params is for the released weights, which drop the aux heads"],
        weights_enum="GoogLeNet_Weights.IMAGENET1K_V1",
        meta_build=lambda: tvm.googlenet(weights=None, aux_logits=False, init_weights=False)),
    "fcn_resnet50": segmenter(seg.fcn_resnet50, "FCN_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1", aux_loss=False),
    "deeplabv3_resnet50": segmenter(
        seg.deeplabv3_resnet50, "DeepLabV3_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1", aux_loss=False),
    "lraspp_mobilenet_v3_large": segmenter(
        seg.lraspp_mobilenet_v3_large, "LRASPP_MobileNet_V3_Large_Weights.COCO_WITH_VOC_LABELS_V1", with_aux=False),
    "unet": Network(unet.unet, (1, 572, 572), notes=[
        "Ronneberger et al. 2015, Fig. 1 (bench/torchvision/unet.py UNet): valid convolutions, skips center-"
        "cropped; 31,030,658 params as printed by Keras model.summary() of the same network (blog post "
        "'Model Implementation: Original U-Net in Keras / Tensorflow 2.3', 2020) and by tf_unet with "
        "layers=5, features_root=64"]),
    "unet_padded": Network(unet.unet_padded, (3, 512, 512), notes=[
        "the same-padding U-Net of milesial/Pytorch-UNet, bilinear=False, n_channels=3, n_classes=2 "
        "(bench/torchvision/unet.py UNetPadded); 31,037,698 params, as that repository's users report"]),
    "segnet_basic": Network(segnet.segnet_basic, (3, 360, 480), notes=[
        "SegNet-Basic (Badrinarayanan et al. 2015/2017, bench/torchvision/segnet.py): 4 encoders of 7x7 conv 64 + BN "
        "+ ReLU + 2x2 max pool, 4 decoders of max unpooling + 7x7 conv 64 + BN, a 1x1 conv to the 11 CamVid classes"]),
}
