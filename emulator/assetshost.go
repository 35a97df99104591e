package emulator
