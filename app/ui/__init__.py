"""The Qt face of Ringbinder (PySide6 widgets): it calls the services and nothing below."""
