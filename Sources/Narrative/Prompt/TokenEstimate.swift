/// How many tokens a text costs a model, estimated without its tokenizer: ⌈UTF-8 bytes ÷ 3⌉.
///
/// OpenAI's tokenizers (cl100k, o200k) average about 4 bytes a token on English prose but fewer
/// on digits, punctuation and quoted names, which the prompt is full of. Measured with the real
/// tokenizers (`scripts/measure-prompt-tokens.py`), the prompts' fact lines run 3.0–3.3 bytes a
/// token, so ÷ 3 keeps the estimate at or above the real count. The API's own count is in
/// `usage.prompt_tokens`, which the client logs.
public enum TokenEstimate {
    public static func of(_ text: String) -> Int {
        (text.utf8.count + 2) / 3
    }
}
