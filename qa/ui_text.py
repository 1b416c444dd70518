"""What the app says, in Vietnamese first and in English: labels, role and type names, its stylesheet."""

# -- labels ------------------------------------------------------------------------------------------------
LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "app": "Văn bản chỉ đạo, điều hành",
        "nav": "Trang", "english": "English",
        "page.ask": "Hỏi đáp / Tìm kiếm", "page.doc": "Văn bản", "page.compare": "So sánh",
        "page.cites": "Dẫn chiếu", "page.eval": "Đánh giá", "page.upload": "Nạp văn bản",
        "archive_size": "Kho: {docs} văn bản, {clauses} điều khoản",
        "loading": "Đang nạp mô hình và chỉ mục (chỉ lần đầu)…",
        "empty_archive": "Kho văn bản trống. Hãy nạp văn bản ở trang “Nạp văn bản” "
                         "(hoặc chạy `directives ingest corpus/`).",
        "query": "Câu hỏi hoặc từ khóa",
        "query_help": "Một câu hỏi (“Ai chủ trì…?”, “Thời hạn…?”) hoặc từ khóa, có hay không dấu đều được.",
        "enter_query": "Nhập câu hỏi hoặc từ khóa, ví dụ: “Ai chủ trì thanh tra, kiểm tra các nhiệm vụ quản lý "
                       "nhà nước đã phân cấp?” hoặc “mot cua lien thong”.",
        "no_hits": "Không tìm thấy điều khoản phù hợp với “{q}”. Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.",
        "filters": "Chế độ và bộ lọc", "mode": "Chế độ tìm", "k": "Số kết quả",
        "province": "Tỉnh (theo văn bản)", "current_province": "Tỉnh hiện nay (sau sáp nhập 2025)",
        "years": "Năm (2020-2024, 2022, 2020-)", "doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành",
        "agency": "Cơ quan được giao", "role": "Vai trò", "cites": "Dẫn chiếu văn bản",
        "any": "(tất cả)",
        "answer": "Trả lời", "qtype": "Loại câu hỏi", "no_answer": "Không tìm thấy câu trả lời trong kho văn bản.",
        "citations": "Căn cứ", "open_doc": "Mở văn bản", "hits": "Điều khoản phù hợp",
        "took": "Thời gian: {ms:.0f} ms", "clause": "điều khoản", "page_n": "trang",
        "query_cut": "Câu hỏi dài {typed:,} ký tự, vượt giới hạn {limit:,} ký tự: chỉ {kept:,} ký tự đầu được dùng "
                     "để tìm.",
        "doc.table": "Kho văn bản", "doc.filter_text": "Lọc theo số ký hiệu hoặc trích yếu",
        "doc.pick": "Xem văn bản", "doc.not_found": "Không có văn bản “{ref}” trong kho.",
        "doc.no_clause": "Văn bản này không có điều khoản “{path}”.",
        "number": "Số ký hiệu", "type": "Loại", "issuer_f": "Cơ quan ban hành", "province_f": "Tỉnh",
        "date": "Ngày", "subject": "Trích yếu", "signer": "Người ký", "recipients": "Nơi nhận",
        "source": "Tệp", "clauses": "Số điều khoản", "id": "Mã",
        "cites_l": "Dẫn chiếu", "agencies_l": "Cơ quan", "deadlines_l": "Thời hạn", "notes_l": "Chú thích",
        "cmp.topic": "Chủ đề", "cmp.by": "So sánh theo", "cmp.by.province": "tỉnh", "cmp.by.year": "năm",
        "cmp.k": "Số điều khoản mỗi cột", "cmp.enter": "Nhập một chủ đề, ví dụ: “cải cách thủ tục hành chính”.",
        "cmp.none": "Không có điều khoản nào về “{q}”.", "cmp.now": "nay: {p}",
        "cit.query": "Số ký hiệu văn bản (viết kiểu nào cũng được)",
        "cit.enter": "Nhập số ký hiệu, ví dụ: 108/2014/ND-CP, 107/2021/NĐ-CP, 39/NQ-TW, "
                     "“324/QĐ-UBND (An Giang)”.",
        "cit.none": "Không có điều khoản nào dẫn chiếu {n}.",
        "cit.found": "{n}: {c} điều khoản trong {d} văn bản",
        "cit.top": "Văn bản được dẫn chiếu nhiều nhất", "cit.docs": "số văn bản dẫn chiếu",
        "cit.mentions": "số lần", "cit.cited": "văn bản được dẫn chiếu",
        "ev.source": "Bộ dữ liệu", "ev.bundled": "Bộ câu hỏi có nhãn kèm theo (corpus)",
        "ev.archive": "Bộ câu hỏi trên kho phát triển (tách theo văn bản)",
        "ev.alqac": "Bộ ALQAC 2023 (điều luật, dạng BEIR)",
        "ev.upload": "Tệp câu hỏi có nhãn của bạn (JSONL, tải lên)",
        "ev.upload_file": "Tệp JSONL (cùng định dạng eval/corpus_queries.jsonl)",
        "ev.on_corpus": "Trên kho văn bản kèm theo (corpus/), không phải kho của bạn",
        "ev.need_upload": "Hãy tải lên tệp câu hỏi có nhãn.",
        "ev.beir": "Bộ dữ liệu BEIR của bạn (tải lên)",
        "ev.upload_beir": "Ba tệp: corpus.jsonl, queries.jsonl và một tệp qrels (.tsv)",
        "ev.need_beir": "Hãy tải lên đủ ba tệp: corpus.jsonl, queries.jsonl và một tệp qrels .tsv.",
        "ev.split": "Phần", "ev.dense": "Gồm cả phương pháp dense (e5-small)", "ev.run": "Chạy đánh giá",
        "ev.running": "Đang đánh giá…", "ev.methods": "Chỉ số theo phương pháp",
        "ev.by_type": "nDCG@10 theo loại truy vấn", "ev.accuracy": "Độ chính xác của câu trả lời theo loại",
        "ev.hint": "Chọn bộ dữ liệu và phần, rồi bấm “Chạy đánh giá” (lần đầu mất khoảng một phút).",
        "ev.summary": "{name} — phần {split}, {n} truy vấn, {s:.1f} s",
        "ev.download": "Tải báo cáo (markdown)", "ev.targets": "Mục tiêu (nDCG@10): đạt hay chưa",
        "up.files": "Chọn tệp (PDF, TXT, MD, DOCX)", "up.limit": "Tối đa {size} mỗi tệp.",
        "up.button": "Nạp vào kho", "up.pick": "Chọn một hoặc nhiều tệp rồi bấm “Nạp vào kho”.",
        "up.older": "{n} văn bản trong kho được đọc bằng bộ đọc cũ: tải lại tệp của chúng lên để đọc "
                    "lại.",
        "up.result": "Kết quả", "up.too_big": "tệp {size}, vượt giới hạn {limit}",
        "up.note_same": "“{name}” có cùng nội dung với văn bản đã có: {doc}. Sẽ báo trùng, không thêm bản mới.",
        "up.note_name": "Đã có một tệp cùng tên “{name}” nhưng khác nội dung: {doc}. Cả hai sẽ được giữ; muốn thay "
                        "thế thì chọn “Thay thế một văn bản đã có”.",
        "up.replace": "Thay thế một văn bản đã có bằng tệp này",
        "up.replace_help": "Chỉ khi chọn đúng một tệp. Văn bản cũ chỉ bị xóa sau khi văn bản mới đã vào kho.",
        "up.replace_which": "Văn bản sẽ bị thay thế",
        "up.will_replace": "Tệp “{name}” sẽ thay thế văn bản: {doc}. Văn bản này sẽ bị xóa khỏi kho khi bấm "
                           "“Nạp và thay thế”.",
        "up.button_replace": "Nạp và thay thế", "up.replaced_what": "đã thay thế {doc}",
        "up.waiting": "Đang chờ một lượt nạp khác vào kho hoàn tất…",
        "status.added": "đã thêm (added)", "status.duplicate": "trùng, đã có (duplicate)",
        "status.replaced": "đã thay bản cũ (replaced)", "status.error": "lỗi (error)",
        "status.reread": "đã đọc lại theo bộ đọc mới (reread)",
        "error": "Lỗi: {e}",
        "internal": "Lỗi nội bộ ({kind}); chi tiết đã ghi vào nhật ký máy chủ. Xin báo cho người quản trị.",
    },
    "en": {
        "app": "Government directives",
        "nav": "Page", "english": "English",
        "page.ask": "Ask / Search", "page.doc": "Documents", "page.compare": "Compare",
        "page.cites": "Citations", "page.eval": "Evaluation", "page.upload": "Upload",
        "archive_size": "Archive: {docs} documents, {clauses} clauses",
        "loading": "Loading the model and the index (first time only)…",
        "empty_archive": "The archive is empty. Add documents on the “Upload” page "
                         "(or run `directives ingest corpus/`).",
        "query": "Question or keywords",
        "query_help": "A question (“Who leads…?”, “By when…?”) or keywords, with or without diacritics.",
        "enter_query": "Type a question or keywords, e.g. “Ai chủ trì thanh tra, kiểm tra các nhiệm vụ quản lý "
                       "nhà nước đã phân cấp?” or “mot cua lien thong”.",
        "no_hits": "No clause matches “{q}”. Try other words or fewer filters.",
        "filters": "Mode and filters", "mode": "Search mode", "k": "Results",
        "province": "Province (as the documents name it)",
        "current_province": "Current province (after the 2025 merger)",
        "years": "Years (2020-2024, 2022, 2020-)", "doc_type": "Document type", "issuer": "Issuer",
        "agency": "Agency", "role": "Role", "cites": "Cites document",
        "any": "(any)",
        "answer": "Answer", "qtype": "Question type", "no_answer": "No answer found in the archive.",
        "citations": "Sources", "open_doc": "Open document", "hits": "Matching clauses",
        "took": "Took {ms:.0f} ms", "clause": "clause", "page_n": "page",
        "query_cut": "The question has {typed:,} characters, over the {limit:,}-character limit: only its first "
                     "{kept:,} were searched.",
        "doc.table": "Archive", "doc.filter_text": "Filter by number or subject",
        "doc.pick": "Show document", "doc.not_found": "No document “{ref}” in the archive.",
        "doc.no_clause": "This document has no clause “{path}”.",
        "number": "Number", "type": "Type", "issuer_f": "Issuer", "province_f": "Province",
        "date": "Date", "subject": "Subject", "signer": "Signed by", "recipients": "Recipients",
        "source": "File", "clauses": "Clauses", "id": "Id",
        "cites_l": "Cites", "agencies_l": "Agencies", "deadlines_l": "Deadlines", "notes_l": "Notes",
        "cmp.topic": "Topic", "cmp.by": "Compare by", "cmp.by.province": "province", "cmp.by.year": "year",
        "cmp.k": "Clauses per column", "cmp.enter": "Type a topic, e.g. “cải cách thủ tục hành chính”.",
        "cmp.none": "No clause on “{q}”.", "cmp.now": "now: {p}",
        "cit.query": "Document number (any spelling)",
        "cit.enter": "Type a document number, e.g. 108/2014/ND-CP, 107/2021/NĐ-CP, 39/NQ-TW, "
                     "“324/QĐ-UBND (An Giang)”.",
        "cit.none": "No clause cites {n}.",
        "cit.found": "{n}: {c} clauses in {d} documents",
        "cit.top": "Most cited documents", "cit.docs": "citing documents",
        "cit.mentions": "mentions", "cit.cited": "cited document",
        "ev.source": "Dataset", "ev.bundled": "Bundled labelled queries (corpus)",
        "ev.archive": "Archive set (split by document)",
        "ev.alqac": "ALQAC 2023 (legal articles, BEIR layout)",
        "ev.upload": "Your labelled questions (JSONL, uploaded)",
        "ev.upload_file": "JSONL file (the format of eval/corpus_queries.jsonl)",
        "ev.on_corpus": "Over the bundled corpus/ rather than your archive",
        "ev.need_upload": "Upload a labelled questions file.",
        "ev.beir": "Your BEIR dataset (uploaded)",
        "ev.upload_beir": "Three files: corpus.jsonl, queries.jsonl and a qrels file (.tsv)",
        "ev.need_beir": "Upload all three files: corpus.jsonl, queries.jsonl and a qrels .tsv file.",
        "ev.split": "Split", "ev.dense": "Include dense methods (e5-small)", "ev.run": "Run evaluation",
        "ev.running": "Evaluating…", "ev.methods": "Metrics per method",
        "ev.by_type": "nDCG@10 per query type", "ev.accuracy": "Answer accuracy per type",
        "ev.hint": "Pick a dataset and a split, then “Run evaluation” (about a minute the first time).",
        "ev.summary": "{name} — split {split}, {n} queries, {s:.1f} s",
        "ev.download": "Download the report (markdown)", "ev.targets": "Targets (nDCG@10): met or not",
        "up.files": "Choose files (PDF, TXT, MD, DOCX)", "up.limit": "At most {size} per file.",
        "up.button": "Add to the archive", "up.pick": "Choose one or more files, then “Add to the archive”.",
        "up.older": "{n} documents in the archive were read by an older parser: upload their files again to read them "
                    "anew.",
        "up.result": "Results", "up.too_big": "file is {size}, over the {limit} limit",
        "up.note_same": "“{name}” has the same content as a document already in the archive: {doc}. It will be "
                        "reported as a duplicate; nothing new is added.",
        "up.note_name": "A file named “{name}” with other contents is in the archive: {doc}. Both will be kept; "
                        "to replace it, tick “Replace a document in the archive”.",
        "up.replace": "Replace a document in the archive with this file",
        "up.replace_help": "One file only. The old document is removed only after the new one is stored.",
        "up.replace_which": "Document to replace",
        "up.will_replace": "“{name}” will replace: {doc}. That document is removed from the archive when you "
                           "press “Add and replace”.",
        "up.button_replace": "Add and replace", "up.replaced_what": "replaced {doc}",
        "up.waiting": "Waiting for another upload into the archive to finish…",
        "status.added": "added", "status.duplicate": "duplicate (already there)",
        "status.replaced": "replaced the earlier version", "status.error": "error",
        "status.reread": "read again by the newer reader",
        "error": "Error: {e}",
        "internal": "Internal error ({kind}); the details are in the server's log. Please tell the administrator.",
    },
}
ROLE_NAMES = {"vi": {"lead": "chủ trì", "coordinate": "phối hợp", "advise": "tham mưu", "report_to": "nhận báo cáo",
                     "mention": "được nêu"},
              "en": {"lead": "lead", "coordinate": "coordinate", "advise": "advise", "report_to": "receives reports",
                     "mention": "mentioned"}}
QTYPES = {"vi": {"agency": "cơ quan", "document": "văn bản", "deadline": "thời hạn", "figure": "số liệu",
                 "general": "chung", "": "nhiều câu trả lời"},
          "en": {"agency": "agency", "document": "document", "deadline": "deadline", "figure": "figure",
                 "general": "general", "": "several answers"}}

KINDS = {"vi": {"task": "nhiệm vụ", "heading": "tiêu đề", "preamble": "mở đầu", "closing": "kết thúc"},
         "en": {"task": "task", "heading": "heading", "preamble": "preamble", "closing": "closing"}}

# DOMPurify drops a <script> that comes first, and one whose text has "<" before a word character.
SCROLL_TO = ("<span hidden></span><script>(function(){let n=0;const go=()=>{const el=document.getElementById(TARGET);"
             "if(el){el.scrollIntoView({block:'center'});}else if(n++ < 40){setTimeout(go,100);}};"
             "setTimeout(go,150);})();</script>")

CSS = """<style>
.dv-card{border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin:4px 0 12px 0;background:#f6f8fa}
.dv-answer{font-size:1.35rem;font-weight:600;margin:2px 0 6px 0}
.dv-badge{display:inline-block;background:#ddf4ff;color:#0969da;border-radius:10px;padding:0 8px;font-size:.8rem}
.dv-hit,.dv-cite{border-left:3px solid #d0d7de;padding:4px 10px;margin:8px 0}
.dv-head{font-size:.9rem;color:#57606a}
.dv-head b{color:#1f2328}
.dv-path{font-family:monospace;background:#eaeef2;border-radius:4px;padding:0 4px}
.dv-headings{font-size:.85rem;color:#57606a;font-style:italic}
.dv-text{white-space:pre-wrap;margin-top:2px}
.dv-text mark,.dv-cite mark{background:#fff3b0;padding:0 1px}
.dv-meta{font-size:.85rem;color:#57606a;margin:2px 0 0 12px}
.dv-label{font-weight:600}
.clause{border-left:3px solid #d0d7de;padding:4px 10px;margin:6px 0;scroll-margin-top:80px}
.clause.highlighted{border-left:4px solid #bf8700;background:#fff8c5}
.clause.highlighted .dv-text{background:#fff3b0}
.dv-fields td{padding:2px 12px 2px 0;vertical-align:top}
.dv-fields td:first-child{color:#57606a;white-space:nowrap}
.dv-status-added,.dv-status-replaced,.dv-status-reread{color:#1a7f37;font-weight:600}
.dv-status-duplicate{color:#9a6700;font-weight:600}
.dv-status-error{color:#cf222e;font-weight:600}
</style>"""
