"""Reporting: daily/weekly business reports, custom reports, exports, schedules.

Read-only over the other units' tables (through the replica when configured).
Owned by team C.
"""
