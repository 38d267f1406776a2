"""Every UI string and number format, in Vietnamese (default) and English."""

from __future__ import annotations

import math

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

# Okabe–Ito colours (safe for the common colour-vision deficiencies).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TARGET_COLOUR = "#D55E00"
PROJECTION_COLOUR = "#555555"

STATUS_STYLE = {
    # status: (streamlit badge colour, material icon, hex colour for charts)
    "achieved": ("green", ":material/check_circle:", "#009E73"),
    "on_track": ("blue", ":material/trending_up:", "#0072B2"),
    "acceleration_needed": ("orange", ":material/speed:", "#E69F00"),
    "limited_progress": ("orange", ":material/trending_flat:", "#E69F00"),
    "not_achieved": ("red", ":material/cancel:", "#D55E00"),
    "deterioration": ("red", ":material/trending_down:", "#D55E00"),
    "insufficient_data": ("gray", ":material/help:", "#999999"),
    "no_target": ("gray", ":material/remove:", "#BBBBBB"),
}

T: dict[str, dict[str, str]] = {
    "app_title": {"vi": "Chỉ số GDNN", "en": "VET indicators"},
    "app_subtitle": {
        "vi": "Bảng chỉ số giáo dục nghề nghiệp Việt Nam",
        "en": "Vietnam vocational education and training dashboard",
    },
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "lang_vi": {"vi": "Tiếng Việt", "en": "Tiếng Việt"},
    "lang_en": {"vi": "English", "en": "English"},
    # pages
    "page_overview": {"vi": "Tổng quan", "en": "Overview"},
    "page_enrolment": {"vi": "Tuyển sinh", "en": "Enrolment"},
    "page_rural": {"vi": "Đào tạo nghề cho lao động nông thôn", "en": "Rural training"},
    "page_quality": {"vi": "Chất lượng đào tạo nghề", "en": "Quality ranking"},
    "page_provinces": {"vi": "Tỉnh, thành", "en": "Provinces"},
    "page_data": {"vi": "Dữ liệu & nguồn", "en": "Data & sources"},
    # common
    "year": {"vi": "Năm", "en": "Year"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "province": {"vi": "Tỉnh, thành", "en": "Province"},
    "region": {"vi": "Vùng", "en": "Region"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "target": {"vi": "Chỉ tiêu kế hoạch", "en": "Target"},
    "target_short": {"vi": "Kế hoạch", "en": "Target"},
    "actual": {"vi": "Thực hiện", "en": "Actual"},
    "attainment": {"vi": "Mức đạt", "en": "Attainment"},
    "status": {"vi": "Tình trạng", "en": "Status"},
    "rank": {"vi": "Hạng", "en": "Rank"},
    "per_10k": {"vi": "Trên 10.000 dân", "en": "Per 10,000 inhabitants"},
    "projection": {"vi": "Dự báo theo xu hướng", "en": "Projection from trend"},
    "target_band": {"vi": "Khoảng chỉ tiêu", "en": "Target band"},
    "no_data": {"vi": "Chưa có số liệu", "en": "No data"},
    "no_data_year": {"vi": "Chưa có số liệu cho năm {year}.", "en": "No data for {year}."},
    "source": {"vi": "Nguồn", "en": "Source"},
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "source_note": {"vi": "Nguồn: {sources}", "en": "Source: {sources}"},
    "illustrative_badge": {"vi": "Số liệu minh họa", "en": "Illustrative data"},
    "illustrative_note": {
        "vi": "Số liệu theo tỉnh là số liệu MINH HỌA (tạo bằng thuật toán, cộng lại bằng số toàn quốc đã công bố), "
        "không phải số liệu chính thức.",
        "en": "Province figures are ILLUSTRATIVE (generated, scaled to the published national total), "
        "not official statistics.",
    },
    "vs_year": {"vi": "so với {year}", "en": "vs {year}"},
    "delta_pp": {"vi": "{sign}{value} điểm %", "en": "{sign}{value} pp"},
    "delta_places_up": {"vi": "tăng {value} bậc", "en": "up {value} places"},
    "delta_places_down": {"vi": "giảm {value} bậc", "en": "down {value} places"},
    "delta_places_same": {"vi": "giữ nguyên thứ hạng", "en": "unchanged"},
    "target_for": {"vi": "Chỉ tiêu {year}: {value}", "en": "{year} target: {value}"},
    "target_improve": {"vi": "tăng ít nhất {n} bậc so với {base}", "en": "up at least {n} places on {base}"},
    "target_improve_range": {"vi": "tăng {n}–{m} bậc so với {base}", "en": "up {n}–{m} places on {base}"},
    "outlook": {"vi": "Hướng tới chỉ tiêu {year}: {status}", "en": "Toward the {year} target: {status}"},
    "no_indicator_yet": {
        "vi": "Chưa có chỉ số đo lường cho nhiệm vụ này.",
        "en": "No measurable indicator for this task yet.",
    },
    "task": {"vi": "Nhiệm vụ {n}", "en": "Task {n}"},
    "basis_published_total": {"vi": "tổng số công bố", "en": "published total"},
    "basis_sum_of_levels": {"vi": "cộng các trình độ", "en": "sum of levels"},
    "basis_sum_of_provinces": {"vi": "cộng các tỉnh", "en": "sum of provinces"},
    "basis_published": {"vi": "số công bố", "en": "published"},
    "basis_ratio": {"vi": "tính từ số người", "en": "computed from counts"},
    "value_type": {"vi": "Loại số liệu", "en": "Value type"},
    "vt_actual": {"vi": "số thực hiện", "en": "actual"},
    "vt_estimate": {"vi": "ước tính", "en": "estimate"},
    "vt_inferred": {"vi": "suy ra", "en": "inferred"},
    "vt_illustrative": {"vi": "minh họa", "en": "illustrative"},
    "method_title": {"vi": "Cách đánh giá tình trạng", "en": "How status is judged"},
    "method_text": {
        "vi": "**Mức đạt** = thực hiện / chỉ tiêu (với chỉ tiêu càng thấp càng tốt như thứ hạng: chỉ tiêu / thực hiện; "
        "với chỉ tiêu tăng bậc: số bậc tăng / số bậc phải tăng). Trên 100% là vượt chỉ tiêu.\n\n"
        "**Năm đã qua, đã có số liệu**: Đạt / Không đạt. **Năm đã qua, chưa có số liệu**: Chưa đủ số liệu "
        "(không bao giờ bị coi là không đạt).\n\n"
        "**Chỉ tiêu năm nay hoặc tương lai**: phương pháp tiến độ của Open SDG (Thống kê Canada): "
        "R = tốc độ tăng bình quân thực tế (từ năm gốc đến số liệu mới nhất) / tốc độ tăng cần thiết để đạt "
        "chỉ tiêu. R ≥ 95%: Đúng tiến độ; 60–95%: Cần tăng tốc; 0–60%: Tiến bộ hạn chế; dưới 0: Đi xuống.\n\n"
        "**Thay đổi** so với năm trước có số liệu: tính theo đơn vị của chỉ số; tỷ lệ thay đổi theo điểm phần trăm.",
        "en": "**Attainment** = actual / target (for lower-is-better indicators such as a rank: target / actual; "
        "for an 'up N places' target: places gained / places required). Above 100% beats the target.\n\n"
        "**Past year with data**: Achieved / Not achieved. **Past year without data**: Insufficient data "
        "(never counted as a failure).\n\n"
        "**Target this year or ahead**: the Open SDG progress method (Statistics Canada): R = observed "
        "compound growth (baseline to latest value) / growth required to meet the target. R ≥ 95%: On track; "
        "60–95%: Acceleration needed; 0–60%: Limited progress; below 0: Deterioration.\n\n"
        "**Change** against the previous year with data: in the indicator's unit; rates move in percentage "
        "points.",
    },
    # statuses
    "st_achieved": {"vi": "Đạt", "en": "Achieved"},
    "st_not_achieved": {"vi": "Không đạt", "en": "Not achieved"},
    "st_on_track": {"vi": "Đúng tiến độ", "en": "On track"},
    "st_acceleration_needed": {"vi": "Cần tăng tốc", "en": "Acceleration needed"},
    "st_limited_progress": {"vi": "Tiến bộ hạn chế", "en": "Limited progress"},
    "st_deterioration": {"vi": "Đi xuống", "en": "Deterioration"},
    "st_insufficient_data": {"vi": "Chưa đủ số liệu", "en": "Insufficient data"},
    "st_no_target": {"vi": "Không có chỉ tiêu", "en": "No target"},
    # units
    "unit_persons": {"vi": "người", "en": "persons"},
    "unit_percent": {"vi": "%", "en": "%"},
    "unit_rank": {"vi": "thứ hạng", "en": "rank"},
    "unit_score": {"vi": "điểm (0–100)", "en": "score (0–100)"},
    "unit_per_10k": {"vi": "người / 10.000 dân", "en": "persons per 10,000 inhabitants"},
    # levels
    "level_total": {"vi": "Tổng số", "en": "Total"},
    "level_college": {"vi": "Cao đẳng", "en": "College"},
    "level_intermediate": {"vi": "Trung cấp", "en": "Intermediate"},
    "level_college_intermediate": {"vi": "Cao đẳng và trung cấp", "en": "College and intermediate"},
    "level_elementary_other": {"vi": "Sơ cấp và đào tạo khác", "en": "Elementary and other"},
    # regions
    "region_northern_midlands_mountains": {
        "vi": "Trung du và miền núi phía Bắc",
        "en": "Northern Midlands and Mountains",
    },
    "region_red_river_delta": {"vi": "Đồng bằng sông Hồng", "en": "Red River Delta"},
    "region_north_central_coast": {
        "vi": "Bắc Trung Bộ và Duyên hải miền Trung",
        "en": "North Central and Central Coast",
    },
    "region_central_highlands": {"vi": "Tây Nguyên", "en": "Central Highlands"},
    "region_southeast": {"vi": "Đông Nam Bộ", "en": "Southeast"},
    "region_mekong_delta": {"vi": "Đồng bằng sông Cửu Long", "en": "Mekong Delta"},
    "national": {"vi": "Toàn quốc", "en": "National"},
    "summary": {"vi": "Năm {year}:", "en": "{year}:"},
    "latest_value": {"vi": "Số liệu gần nhất: {value} ({year})", "en": "Latest: {value} ({year})"},
    "attainment_title": {"vi": "Mức đạt chỉ tiêu năm", "en": "Attainment of targets,"},
    "no_target_this_year": {
        "vi": "Không có chỉ tiêu nào có số liệu trong năm {year}.",
        "en": "No target with data in {year}.",
    },
    "kpi_table": {"vi": "Bảng chỉ tiêu", "en": "KPI table"},
    "enrolment_trend": {"vi": "Tuyển sinh qua các năm so với kế hoạch", "en": "Enrolment over time against the plan"},
    "provinces_ranked": {"vi": "Xếp hạng các tỉnh, thành", "en": "Provinces ranked"},
    "rural_intro": {
        "vi": "Đề án 1956 và QĐ 46/2015/QĐ-TTg: hỗ trợ đào tạo trình độ sơ cấp và dưới 3 tháng cho "
        "lao động nông thôn. Số liệu hằng năm được công bố rất ít; các năm trống là chưa có số liệu.",
        "en": "Scheme 1956 and Decision 46/2015/QĐ-TTg: support for elementary and under-3-month courses "
        "for rural workers. Few yearly figures are published; empty years mean no data.",
    },
    "by_province": {"vi": "Theo tỉnh, thành", "en": "By province"},
    "wef_note": {
        "vi": 'Chỉ số "Chất lượng đào tạo nghề" chỉ có trong WEF GCI 4.0 các năm 2018 và 2019. WEF không '
        'xếp hạng năm 2020 và đã dừng GCI sau đó: các năm này là "không có ấn phẩm", không phải '
        '"không đạt".',
        "en": '"Quality of vocational training" exists only in the WEF GCI 4.0 editions of 2018 and 2019. '
        "The WEF published no ranking in 2020 and stopped the GCI after: those years have no "
        "edition, which is not a failure.",
    },
    "score_and_related": {"vi": "Điểm số và các chỉ số kỹ năng liên quan", "en": "Score and related skills indicators"},
    "nq02_targets": {"vi": "Chỉ tiêu của Nghị quyết 02/NQ-CP", "en": "Targets of Resolution 02/NQ-CP"},
    "no_edition_text": {"vi": "không có ấn phẩm", "en": "no edition"},
    "status_legend_rank": {
        "vi": 'Năm không có ấn phẩm được đánh giá là "{status}".',
        "en": 'A year without an edition is judged "{status}".',
    },
    "measure": {"vi": "Cách tính", "en": "Measure"},
    "total_value": {"vi": "Giá trị", "en": "Value"},
    "vintage_note": {"vi": "Danh mục {n} tỉnh, thành phố.", "en": "The {n} provinces of that year."},
    "by_region": {"vi": "Theo vùng", "en": "By region"},
    "region_sum": {"vi": "Tổng các tỉnh", "en": "Sum of provinces"},
    "region_median": {"vi": "Trung vị các tỉnh", "en": "Median of provinces"},
    "province_count": {"vi": "Số tỉnh", "en": "Provinces"},
    "province_table": {"vi": "Bảng số liệu theo tỉnh", "en": "Province table"},
    "code": {"vi": "Mã", "en": "Code"},
    "data_intro": {
        "vi": "Mỗi bộ dữ liệu được lưu thành các phiên bản không thể sửa; bảng chỉ số luôn đọc phiên bản đang dùng. "
        "Mỗi dòng ghi nguồn công bố và loại số liệu: **số thực hiện** (đã công bố), **ước tính** (công bố trước "
        "khi hết năm), **suy ra** (tính từ các số đã công bố), **minh họa** (tạo để trình diễn).",
        "en": "Each dataset is stored as immutable versions; the dashboard always reads the active one. Every row "
        "carries where it was published and its value type: **actual** (published), **estimate** (published "
        "before the year closed), **inferred** (arithmetic on published numbers), **illustrative** "
        "(generated for demonstration).",
    },
    "rows": {"vi": "Số dòng", "en": "Rows"},
    "system_user": {"vi": "hệ thống (gói dữ liệu)", "en": "system (data package)"},
    "col_dataset": {"vi": "Bộ dữ liệu", "en": "Dataset"},
    "col_title": {"vi": "Tên", "en": "Title"},
    "col_version": {"vi": "Phiên bản", "en": "Version"},
    "col_rows": {"vi": "Số dòng", "en": "Rows"},
    "col_value_types": {"vi": "Loại số liệu", "en": "Value types"},
    "col_published": {"vi": "Công bố lúc", "en": "Published"},
    "col_by": {"vi": "Người công bố", "en": "By"},
    "col_field": {"vi": "Trường", "en": "Field"},
    "col_label": {"vi": "Nhãn", "en": "Label"},
    "col_type": {"vi": "Kiểu", "en": "Type"},
    "col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "col_constraints": {"vi": "Ràng buộc", "en": "Constraints"},
    "col_key": {"vi": "Khóa", "en": "Key"},
    "type_integer": {"vi": "số nguyên", "en": "integer"},
    "type_number": {"vi": "số", "en": "number"},
    "type_string": {"vi": "văn bản", "en": "text"},
    "fields": {"vi": "Các trường (lược đồ)", "en": "Fields (schema)"},
    "download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "geo_title": {"vi": "Bản đồ", "en": "Maps"},
    "no_province_data": {"vi": "Chưa có số liệu theo tỉnh.", "en": "No province data yet."},
    # problems of uploaded files: {row}, {column}, {value}, {expected} and per-code fields
    "pb_missing_column": {
        "vi": 'Thiếu cột bắt buộc "{column}" (cần: {expected}).',
        "en": 'Required column "{column}" is missing (expected: {expected}).',
    },
    "pb_no_rows": {
        "vi": "Tệp có dòng tiêu đề nhưng không có dòng số liệu nào.",
        "en": "The file has a header but no data rows.",
    },
    "pb_required": {
        "vi": 'Dòng {row}, cột "{column}": ô trống, cần có giá trị.',
        "en": 'Row {row}, column "{column}": empty, a value is required.',
    },
    "pb_type": {
        "vi": 'Dòng {row}, cột "{column}": "{value}" không phải {expected}.',
        "en": 'Row {row}, column "{column}": "{value}" is not {expected}.',
    },
    "pb_expect_integer": {"vi": "một số nguyên", "en": "a whole number"},
    "pb_expect_number": {"vi": "một số", "en": "a number"},
    "pb_not_integer": {
        "vi": 'Dòng {row}, cột "{column}": "{value}" phải là số nguyên.',
        "en": 'Row {row}, column "{column}": "{value}" must be a whole number.',
    },
    "pb_negative": {
        "vi": 'Dòng {row}, cột "{column}": số âm "{value}"; số người phải {expected}.',
        "en": 'Row {row}, column "{column}": negative "{value}"; counts must be {expected}.',
    },
    "pb_minimum": {
        "vi": 'Dòng {row}, cột "{column}": "{value}" nhỏ hơn mức cho phép ({expected}).',
        "en": 'Row {row}, column "{column}": "{value}" is below the allowed range ({expected}).',
    },
    "pb_maximum": {
        "vi": 'Dòng {row}, cột "{column}": "{value}" lớn hơn mức cho phép ({expected}).',
        "en": 'Row {row}, column "{column}": "{value}" is above the allowed range ({expected}).',
    },
    "pb_rate_range": {
        "vi": 'Dòng {row}, cột "{column}": tỷ lệ "{value}" phải trong khoảng {expected}%.',
        "en": 'Row {row}, column "{column}": rate "{value}" must be within {expected}%.',
    },
    "pb_year_range": {
        "vi": 'Dòng {row}, cột "{column}": năm "{value}" ngoài khoảng cho phép {expected}.',
        "en": 'Row {row}, column "{column}": year "{value}" is outside {expected}.',
    },
    "pb_pattern": {
        "vi": 'Dòng {row}, cột "{column}": "{value}" không đúng dạng ({expected}).',
        "en": 'Row {row}, column "{column}": "{value}" has the wrong form ({expected}).',
    },
    "pb_enum": {
        "vi": 'Dòng {row}, cột "{column}": "{value}" không phải giá trị hợp lệ (một trong: {expected}).',
        "en": 'Row {row}, column "{column}": "{value}" is not an allowed value (one of: {expected}).',
    },
    "pb_unknown_province": {
        "vi": 'Dòng {row}, cột "{column}": không có tỉnh, thành phố "{value}". Có phải: {suggestions}?',
        "en": 'Row {row}, column "{column}": no province "{value}". Did you mean: {suggestions}?',
    },
    "pb_province_vintage": {
        "vi": 'Dòng {row}, cột "{column}": "{value}" đã sáp nhập từ 01/07/2025 (NQ 202/2025/QH15); '
        "số liệu năm {year} ghi theo tỉnh mới: {successor}.",
        "en": 'Row {row}, column "{column}": "{value}" was merged on 1 July 2025 (Resolution '
        "202/2025/QH15); data for {year} use the new province: {successor}.",
    },
    "pb_province_reform": {
        "vi": 'Dòng {row}, cột "{column}": "{value}" là tỉnh sau sáp nhập (từ 2025), không dùng cho năm {year}.',
        "en": 'Row {row}, column "{column}": "{value}" is a post-2025 province, not valid for {year}.',
    },
    "pb_duplicate_key": {
        "vi": 'Dòng {row}: trùng khóa ({expected}) "{value}" với dòng {first}.',
        "en": 'Row {row}: duplicate key ({expected}) "{value}", already on row {first}.',
    },
    "pb_not_greater": {
        "vi": 'Dòng {row}, cột "{column}": {value} lớn hơn cột "{other}" ({other_value}).',
        "en": 'Row {row}, column "{column}": {value} is greater than column "{other}" ({other_value}).',
    },
    "pb_any_of": {
        "vi": "Dòng {row}: cần ít nhất một trong các cột {expected}.",
        "en": "Row {row}: at least one of the columns {expected} needs a value.",
    },
    "pb_required_if": {
        "vi": 'Dòng {row}, cột "{column}": cần có giá trị khi {expected}.',
        "en": 'Row {row}, column "{column}": a value is required when {expected}.',
    },
    "pb_total_less_than_levels": {
        "vi": 'Dòng {row}, cột "{column}": tổng số {value} nhỏ hơn tổng các trình độ ({parts}).',
        "en": 'Row {row}, column "{column}": the total {value} is smaller than the sum of its levels ({parts}).',
    },
    "pb_total_less_than_provinces": {
        "vi": 'Dòng {row}, cột "{column}": số toàn quốc {value} nhỏ hơn tổng các tỉnh ({parts}).',
        "en": 'Row {row}, column "{column}": the national figure {value} is smaller than the sum of the '
        "provinces ({parts}).",
    },
    "pb_unknown_indicator": {
        "vi": 'Dòng {row}, cột "{column}": không có chỉ tiêu "{value}".',
        "en": 'Row {row}, column "{column}": no indicator "{value}".',
    },
    "pb_too_many_problems": {
        "vi": 'Còn {value} lỗi loại "{expected}" nữa không liệt kê.',
        "en": '{value} more problems of kind "{expected}" not listed.',
    },
    # update page
    "page_update": {"vi": "Cập nhật dữ liệu", "en": "Update data"},
    "viewer_only": {
        "vi": "Tài khoản này chỉ được xem, không được cập nhật dữ liệu.",
        "en": "This account can view but not change data.",
    },
    "sign_in_intro": {
        "vi": "Chỉ cán bộ phân tích đã đăng nhập mới cập nhật được dữ liệu.",
        "en": "Only signed-in analysts can change data.",
    },
    "user_name": {"vi": "Tên đăng nhập", "en": "User name"},
    "password": {"vi": "Mật khẩu", "en": "Password"},
    "sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "signed_in_as": {"vi": "Đăng nhập: {name}", "en": "Signed in: {name}"},
    "sign_in_failed": {"vi": "Tên đăng nhập hoặc mật khẩu không đúng.", "en": "Wrong user name or password."},
    "sign_in_wait": {
        "vi": "Quá nhiều lần đăng nhập sai. Vui lòng thử lại sau một phút.",
        "en": "Too many failed sign-ins. Please try again in a minute.",
    },
    "session_expired": {
        "vi": "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
        "en": "Your session has expired. Please sign in again.",
    },
    "tab_upload": {"vi": "Tải lên", "en": "Upload"},
    "tab_history": {"vi": "Lịch sử phiên bản", "en": "Version history"},
    "dataset": {"vi": "Bộ dữ liệu", "en": "Dataset"},
    "templates": {"vi": "Tải mẫu nhập liệu", "en": "Download a template"},
    "upload_file": {"vi": "Tệp CSV hoặc XLSX (tối đa {mb} MB)", "en": "CSV or XLSX file (up to {mb} MB)"},
    "sheet": {"vi": "Trang tính", "en": "Sheet"},
    "sheet_auto": {"vi": "(tự tìm trang có dữ liệu)", "en": "(find the sheet with data)"},
    "checking": {"vi": "Đang đọc và kiểm tra tệp…", "en": "Reading and checking the file…"},
    "checked": {"vi": "Đã kiểm tra tệp", "en": "File checked"},
    "file_has_errors": {
        "vi": "Tệp có {n} lỗi: chưa thể công bố. Sửa các lỗi dưới đây rồi tải lại.",
        "en": "The file has {n} errors and cannot be published. Fix them and upload it again.",
    },
    "download_problems": {"vi": "Tải danh sách lỗi (CSV)", "en": "Download the problems (CSV)"},
    "file_valid": {"vi": "Tệp hợp lệ: {rows} dòng.", "en": "The file is valid: {rows} rows."},
    "preview": {"vi": "Xem trước thay đổi so với phiên bản đang dùng", "en": "Preview against the active version"},
    "rows_added": {"vi": "Dòng thêm mới", "en": "Rows added"},
    "cells_changed": {"vi": "Ô thay đổi", "en": "Cells changed"},
    "rows_removed": {"vi": "Dòng bị bỏ", "en": "Rows removed"},
    "rows_unchanged": {"vi": "Dòng giữ nguyên", "en": "Rows unchanged"},
    "affected": {
        "vi": "Năm bị ảnh hưởng: {years} · số tỉnh bị ảnh hưởng: {provinces}",
        "en": "Years affected: {years} · provinces affected: {provinces}",
    },
    "publish_mode": {"vi": "Cách cập nhật", "en": "How to update"},
    "mode_merge": {
        "vi": "Gộp: thay các dòng cùng khóa, thêm dòng mới, giữ các dòng khác",
        "en": "Merge: replace rows with the same key, add new rows, keep the others",
    },
    "mode_replace": {"vi": "Thay toàn bộ bộ dữ liệu bằng tệp này", "en": "Replace the whole dataset with this file"},
    "publish_note": {"vi": "Ghi chú cho phiên bản mới", "en": "Note for the new version"},
    "publish": {"vi": "Công bố phiên bản mới", "en": "Publish as a new version"},
    "publishing": {"vi": "Đang công bố…", "en": "Publishing…"},
    "published": {
        "vi": "Đã công bố phiên bản {number}. Bảng chỉ số đã dùng số liệu mới.",
        "en": "Version {number} is published. The dashboard now shows it.",
    },
    "version": {"vi": "Phiên bản", "en": "Version"},
    "file": {"vi": "Tệp", "en": "File"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "active": {"vi": "Đang dùng", "en": "Active"},
    "action": {"vi": "Thao tác", "en": "Action"},
    "act_seed": {"vi": "khởi tạo", "en": "seed"},
    "act_publish": {"vi": "công bố", "en": "publish"},
    "act_rollback": {"vi": "khôi phục", "en": "rollback"},
    "download_version": {"vi": "Tải phiên bản {number} (CSV)", "en": "Download version {number} (CSV)"},
    "restore_version": {"vi": "Dùng lại phiên bản {number}", "en": "Make version {number} active again"},
    "audit_log": {"vi": "Nhật ký thay đổi", "en": "Audit log"},
    "before": {"vi": "Trước", "en": "Before"},
    "after": {"vi": "Sau", "en": "After"},
    "sev_error": {"vi": "lỗi", "en": "error"},
    "sev_warning": {"vi": "lưu ý", "en": "warning"},
    "sev_info": {"vi": "thông tin", "en": "info"},
    "pb_col_severity": {"vi": "Mức", "en": "Severity"},
    "pb_col_row": {"vi": "Dòng", "en": "Row"},
    "pb_col_column": {"vi": "Cột", "en": "Column"},
    "pb_col_value": {"vi": "Giá trị gặp", "en": "Found"},
    "pb_col_expected": {"vi": "Cần", "en": "Expected"},
    "pb_col_code": {"vi": "Mã lỗi", "en": "Code"},
    "pb_col_message": {"vi": "Mô tả", "en": "Message"},
    # templates
    "tpl_column": {"vi": "Cột", "en": "Column"},
    "tpl_field": {"vi": "Tên chuẩn", "en": "Canonical name"},
    "tpl_meaning": {"vi": "Ý nghĩa", "en": "Meaning"},
    "tpl_required": {"vi": "Bắt buộc", "en": "Required"},
    "tpl_allowed": {"vi": "Giá trị cho phép", "en": "Allowed values"},
    "tpl_data_sheet": {"vi": "Dữ liệu", "en": "Data"},
    "tpl_help_sheet": {"vi": "Hướng dẫn", "en": "Instructions"},
    "tpl_intro": {
        "vi": 'Mẫu nhập "{name}": mỗi dòng một số liệu; giữ nguyên dòng tiêu đề; tỉnh ghi mã hoặc tên; '
        "số ghi 1.234.567 hoặc 1234567; tỷ lệ ghi 85,5.",
        "en": 'Template for "{name}": one figure per row; keep the header row; provinces by code or '
        "name; numbers as 1,234,567 or 1234567; rates as 85.5.",
    },
    # charts
    "level_mix_title": {"vi": "Cơ cấu tuyển sinh theo trình độ", "en": "Enrolment by level"},
    "no_edition": {"vi": "Không có<br>ấn phẩm", "en": "No<br>edition"},
    "rank_axis_hint": {"vi": "1 là tốt nhất", "en": "1 is best"},
    "score": {"vi": "Điểm", "en": "Score"},
    "related_title": {
        "vi": "Các chỉ số kỹ năng liên quan (WEF GCI 4.0)",
        "en": "Related skills indicators (WEF GCI 4.0)",
    },
    # WEF GCI 4.0 indicators
    "wef_vocational_training": {"vi": "Chất lượng đào tạo nghề", "en": "Quality of vocational training"},
    "wef_skillset_graduates": {"vi": "Kỹ năng của người tốt nghiệp", "en": "Skillset of graduates"},
    "wef_skillset_university_graduates": {
        "vi": "Kỹ năng của người tốt nghiệp đại học",
        "en": "Skillset of university graduates",
    },
    "wef_extent_staff_training": {"vi": "Mức độ đào tạo nhân viên", "en": "Extent of staff training"},
    "wef_ease_finding_skilled_employees": {
        "vi": "Mức độ dễ tuyển lao động có kỹ năng",
        "en": "Ease of finding skilled employees",
    },
    "wef_skills_current_workforce": {
        "vi": "Kỹ năng của lực lượng lao động hiện tại",
        "en": "Skills of current workforce",
    },
    "wef_skills_pillar": {"vi": "Trụ cột Kỹ năng", "en": "Skills pillar"},
    "wef_gci_overall": {
        "vi": "Chỉ số năng lực cạnh tranh toàn cầu (tổng thể)",
        "en": "Global Competitiveness Index (overall)",
    },
}


def t(key: str, lang: str = DEFAULT_LANG, **kwargs) -> str:
    """The UI string `key` in `lang`, formatted with `kwargs`."""
    entry = T[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


def norm_lang(value: object) -> str:
    """A language code from untrusted input (URL, widget): 'vi' unless exactly 'en'."""
    return value if value in LANGS else DEFAULT_LANG


def fmt_number(x: float | None, lang: str, decimals: int = 0) -> str:
    """Locale number: 2.280.000 and 100,9 in Vietnamese; 2,280,000 and 100.9 in English."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_value(x: float | None, unit: str, lang: str, decimals: int = 0) -> str:
    """A value with its unit's conventions (percent sign, no unit word for counts)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if unit == "percent":
        return f"{fmt_number(x, lang, decimals)}%"
    return fmt_number(x, lang, decimals)


def fmt_ratio(r: float | None, lang: str, decimals: int = 1) -> str:
    """An attainment ratio as a percentage: 1.009 -> '100,9%'."""
    return "–" if r is None else f"{fmt_number(r * 100, lang, decimals)}%"


def fmt_delta(delta: float | None, unit: str, lang: str, decimals: int = 0) -> str | None:
    """A change in the indicator's unit: percentage points for rates, places for a rank."""
    if delta is None:
        return None
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    magnitude = fmt_number(abs(delta), lang, decimals)
    if unit == "percent":
        return t("delta_pp", lang, sign=sign, value=magnitude)
    if unit == "rank":
        if delta == 0:
            return t("delta_places_same", lang)
        return t("delta_places_up" if delta < 0 else "delta_places_down", lang, value=magnitude)
    return f"{sign}{magnitude}"


def plotly_separators(lang: str) -> str:
    """Plotly's `separators` (decimal, thousands) for the language."""
    return ",." if lang == "vi" else ".,"


def status_label(status: str, lang: str) -> str:
    return t(f"st_{status}", lang)


def unit_label(unit: str, lang: str) -> str:
    return t(f"unit_{unit}", lang)


def level_label(level: str, lang: str) -> str:
    return t(f"level_{level}", lang)


def region_label(region: str, lang: str) -> str:
    return t(f"region_{region}", lang) if f"region_{region}" in T else region


def value_type_label(value_type: str, lang: str) -> str:
    return t(f"vt_{value_type}", lang) if f"vt_{value_type}" in T else value_type


def wef_label(code: str, lang: str) -> str:
    return t(f"wef_{code}", lang) if f"wef_{code}" in T else code
