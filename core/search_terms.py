"""Searching in Chinese, the same way on SQLite and PostgreSQL.

Neither database's built-in text search segments Chinese (PostgreSQL's parser keeps a run of
Chinese characters as one token), so a word of a query that holds Chinese characters matches:
- as written, inside the Chinese texts (names, aliases, translations) — a plain LIKE; and
- through the curated map below, which gives the atlas' English topic words for the Chinese
  terms readers search with: 代码 finds "code" in the English texts, 推理 "reasoning".
A term is found anywhere inside a word, so 代码模型 and 开源代码 both mean "code".
The map is ours (CC BY 4.0 like the data); add a term when readers miss one.
"""

import re

from django.db.models import Q

CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Chinese term -> English words of the atlas (any of them matches). Longer terms first where
# one contains another, so that 长上下文 is not read as 上下文 alone.
TERMS: dict[str, tuple[str, ...]] = {
    "代码": ("code", "coding", "coder"),
    "编程": ("code", "coding", "programming"),
    "编码器": ("encoder",),
    "解码器": ("decoder",),
    "推理": ("reasoning", "reason"),
    "思考": ("thinking", "reasoning"),
    "数学": ("math", "mathematical", "arithmetic"),
    "算术": ("arithmetic",),
    "多模态": ("multimodal", "vision", "image"),
    "视觉": ("vision", "visual", "image"),
    "图像": ("image", "vision"),
    "图片": ("image", "vision"),
    "视频": ("video",),
    "语音": ("speech", "audio", "voice"),
    "音频": ("audio", "speech"),
    "嵌入": ("embedding", "embeddings"),
    "向量": ("embedding", "embeddings", "vector"),
    "重排": ("reranking", "reranker", "rerank"),
    "翻译": ("translation", "translate"),
    "摘要": ("summarisation", "summarization", "summary"),
    "问答": ("question answering", "questions"),
    "对话": ("chat", "dialogue", "conversation"),
    "聊天": ("chat", "chatbot"),
    "指令": ("instruction", "instructions", "instruct"),
    "智能体": ("agent", "agentic", "agents"),
    "工具调用": ("tool use", "tools", "function calling"),
    "长上下文": ("long context", "long-context", "context window"),
    "上下文": ("context",),
    "混合专家": ("mixture-of-experts", "moe"),
    "蒸馏": ("distilled", "distillation"),
    "微调": ("fine-tuned", "fine-tuning", "fine-tune"),
    "开源": ("open-source", "open-weight", "open weights"),
    "开放权重": ("open-weight", "open weights"),
    "多语言": ("multilingual", "languages"),
    "中文": ("chinese",),
    "安全": ("safety", "safe", "harmful"),
    "分类": ("classification", "classifier"),
    "检索": ("retrieval", "retrieved"),
    "实体": ("entity", "entities"),
    "情感": ("sentiment",),
    "写作": ("writing",),
    "标注": ("annotation", "labelled", "labeled"),
    "幻觉": ("hallucination", "hallucinations"),
    "偏见": ("bias",),
    "隐私": ("privacy",),
    "延迟": ("latency",),
    "成本": ("cost", "budget"),
    "基准": ("benchmark", "benchmarks"),
    "评测": ("evaluation", "benchmark"),
    "状态空间": ("state-space", "mamba"),
    "闭源": ("closed", "proprietary"),
    "轻量": ("small", "lightweight", "mini"),
    "小模型": ("small", "mini"),
    "医疗": ("medical", "clinical", "biomedical"),
    "医学": ("medical", "biomedical"),
    "法律": ("legal", "law"),
    "金融": ("finance", "financial"),
    "科学": ("science", "scientific"),
    "函数调用": ("function calling", "tool use"),
    "思维链": ("chain-of-thought",),
    "强化学习": ("reinforcement learning", "rl"),
    "对齐": ("alignment", "aligned", "rlhf"),
    "量化": ("quantised", "quantized", "quantization"),
    "搜索": ("search", "retrieval"),
    "生成": ("generation", "generate", "generative"),
}


def has_chinese(word: str) -> bool:
    return bool(CHINESE.search(word))


RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+")


def split_mixed(words: list[str]) -> list[str]:
    """Words with Chinese and other characters cut into their runs: 千问3 -> 千问, 3 (every run
    must then match, as separate words do)."""
    return [run for word in words for run in (RUNS.findall(word) if has_chinese(word) else [word])]


def english_for(word: str) -> list[str]:
    """The English words of the Chinese terms found in `word`, each once, in map order; a
    term inside a longer term that matched is not counted again."""
    found, rest = [], word
    for term in sorted(TERMS, key=len, reverse=True):
        if term in rest:
            rest = rest.replace(term, " ")
            found += [english for english in TERMS[term] if english not in found]
    return found


def chinese_word(word: str, english_fields, chinese_fields) -> Q:
    """A Chinese `word` appears in one of `chinese_fields`, or an English word of its terms
    in one of `english_fields`."""
    condition = Q()
    for field in chinese_fields:
        condition |= Q(**{f"{field}__icontains": word})
    for english in english_for(word):
        for field in english_fields:
            condition |= Q(**{f"{field}__icontains": english})
    return condition
