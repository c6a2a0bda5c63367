"""A tiny randomly initialised LLaVA model, built and saved locally so the hf backend's tests
need no download: a byte-level BPE tokenizer trained on a few sentences, a CLIP image
processor for 32 px images, a two-layer CLIP vision tower and a two-layer Llama.

Each image becomes ``IMAGE_TOKENS`` placeholder tokens: (32 / 16)^2 patches, CLS dropped.
"""

from __future__ import annotations

from pathlib import Path

IMAGE_TOKEN = "<image>"
IMAGE_SIZE = 32
PATCH_SIZE = 16
IMAGE_TOKENS = (IMAGE_SIZE // PATCH_SIZE) ** 2
ANSWER_CUE = " Answer:"
SPECIAL_TOKENS = ["<pad>", "<s>", "</s>", IMAGE_TOKEN]

# One user turn: "<image>" for each image entry, the text itself for each text entry, in order.
CHAT_TEMPLATE = (
    "{%- for message in messages -%}"
    "{%- for entry in message['content'] -%}"
    "{%- if entry['type'] == 'image' -%}" + IMAGE_TOKEN + "{%- else -%}{{ entry['text'] }}{%- endif -%}"
    "{%- endfor -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt %}" + ANSWER_CUE + "{%- endif -%}"
)

_CORPUS = [
    "Question: look at the clocks and answer with the time shown.",
    "Output only a valid JSON string with two fields: explanation and answer.",
    '{"explanation": "the hands point to three", "answer": 15}',
    "The answer field contains the numeric value corresponding to your final answer.",
    "Which image comes next in the sequence? Choose A, B, C or D.",
]


def _tokenizer():  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    core.train_from_iterator(_CORPUS, trainer=trainer)
    return PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<pad>", bos_token="<s>", eos_token="</s>")


def _image_processor():  # type: ignore[no-untyped-def]
    import transformers

    # The PIL flavour needs no torchvision (transformers >= 5); older releases have only this one.
    cls = getattr(transformers, "CLIPImageProcessorPil", None) or transformers.CLIPImageProcessor
    return cls(size={"shortest_edge": IMAGE_SIZE}, crop_size={"height": IMAGE_SIZE, "width": IMAGE_SIZE},
               do_center_crop=True, do_resize=True)


def build_tiny_llava(folder: Path, seed: int = 0) -> Path:
    """Write a loadable model + processor into ``folder`` and return it."""
    import torch
    from transformers import CLIPVisionConfig, LlamaConfig, LlavaConfig, LlavaForConditionalGeneration, LlavaProcessor

    tokenizer = _tokenizer()
    processor = LlavaProcessor(image_processor=_image_processor(), tokenizer=tokenizer, patch_size=PATCH_SIZE,
                               vision_feature_select_strategy="default", num_additional_image_tokens=1,
                               chat_template=CHAT_TEMPLATE, image_token=IMAGE_TOKEN)
    vision = CLIPVisionConfig(image_size=IMAGE_SIZE, patch_size=PATCH_SIZE, hidden_size=32, intermediate_size=64,
                              num_hidden_layers=2, num_attention_heads=2, projection_dim=32)
    text = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                       num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=2048,
                       pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
                       eos_token_id=tokenizer.eos_token_id)
    config = LlavaConfig(vision_config=vision, text_config=text,
                         image_token_index=tokenizer.convert_tokens_to_ids(IMAGE_TOKEN), image_seq_length=IMAGE_TOKENS,
                         vision_feature_select_strategy="default", vision_feature_layer=-1)
    torch.manual_seed(seed)
    model = LlavaForConditionalGeneration(config).eval()
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return folder
