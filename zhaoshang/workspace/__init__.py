"""The officer's working pages that span apps: searchable pickers, the header search, reminders (待办).

Not a Django app of its own (it has no models): its templates live in zhaoshang/templates/workspace/.
"""
