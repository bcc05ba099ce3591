// Master/standby switchovers, client IP pass-through and other DCS (Distributed Cache Service) jobs on Open Telekom Cloud and Huawei Cloud, exactly once.
package dcs
