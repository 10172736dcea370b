/// How many tokens a text costs a model, estimated without its tokenizer: ⌈UTF-8 bytes ÷ 3.5⌉.
///
/// OpenAI's tokenizers (cl100k, o200k) average about 4 bytes a token on English prose and fewer
/// on digits, punctuation and quoted names, which the prompt is full of; 3.5 keeps the estimate
/// on the safe side of the budget for such text. It is an estimate: the real count is in the
/// API's `usage.prompt_tokens`, which the client logs.
public enum TokenEstimate {
    public static func of(_ text: String) -> Int {
        (text.utf8.count * 2 + 6) / 7
    }
}
