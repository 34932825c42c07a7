"""itsm-assess: assess IT service management against ISO/IEC 20000-1:2018."""

__version__ = "0.1.0"
